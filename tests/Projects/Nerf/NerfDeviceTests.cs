using IlgpuNet.Kernels;
using IlgpuNet.Layers;
using IlgpuNet.Nerf;
using IlgpuNet.Nerf.Models;
using IlgpuNet.Nerf.Rendering;
using IlgpuNet.Tensors;

namespace IlgpuNet.Tests.Projects.Nerf;

/// <summary>
/// Both variants render and train on a device as on the CPU (checked on ILGPU's CPU accelerator, which runs the
/// device kernels).
/// </summary>
public class NerfDeviceTests
{
    private static readonly NerfOptions Tiny = NerfOptions.For(NerfVariant.Nerf) with
    {
        Depth = 3,
        Width = 32,
        CoarseSamples = 8,
        FineSamples = 8,
        PositionFrequencies = 4,
        DirectionFrequencies = 2,
    };

    [Fact]
    public void PaperNerf_OnIlgpuCpu_RendersAndStepsAsOnTheCpu()
    {
        var rays = RayBatch.ForView(new PinholeCamera(6, 5, 5.0), CameraPoses.OnSphere(4, 30, 30));
        var target = Tensor.Rand([rays.Count, 3], generator: new Generator(3));
        (float[] Color, float[] Depth, float[] Gradient) Run(Device device)
        {
            var model = RadianceModel.Create(Tiny, new Generator(1));
            model.To(device);
            var rendered = model.Render(rays, training: true, randomKey: 7);
            Functional.MseLoss(rendered.Color, target.To(device)).Add(Functional.MseLoss(rendered.CoarseColor!, target.To(device))).Backward();
            var gradient = model.NamedParameters().First(p => p.Name == "fine.pts_linears.0.weight").Parameter.Grad!;
            return (rendered.Color.ToArray(), rendered.Depth.ToArray(), gradient.ToArray());
        }

        var cpu = Run(Device.Cpu);
        var device = Run(Device.IlgpuCpu);
        AssertClose(cpu.Color, device.Color, 1e-4, "colour");
        AssertClose(cpu.Depth, device.Depth, 1e-3, "depth");
        AssertClose(cpu.Gradient, device.Gradient, 1e-4, "fine network's first-layer gradient");
    }

    // The suite's tiny own scene (16x16), 10 steps of 64 rays with the occupancy grid refreshed at steps 2 and 6 (so
    // marching skips cells from the device's densities): the mean training loss agrees with the CPU's within 1e-3
    // relative, the validation and test PSNR within 0.05 dB. The table's gradient is summed with atomic adds on the
    // device, in another order than the CPU's, hence a tolerance rather than equality.
    [Fact]
    public void FastVariant_OnIlgpuCpu_TrainsTheTinyOwnSceneAsOnTheCpu()
    {
        using var folder = new TempFolder();
        NerfStudy.MakeScene(folder.Sub("scene"), 16, trainViews: 4, valViews: 1, testViews: 1, seed: 3);
        var options = NerfOptions.For(NerfVariant.Fast) with
        {
            Downscale = 1,
            Iterations = 10,
            BatchRays = 64,
            HashLevels = 4,
            HashTableLog2 = 8,
            HashBaseResolution = 4,
            HashMaxResolution = 32,
            HiddenWidth = 16,
            GridResolution = 8,
            MarchSteps = 48,
            GridWarmup = 2,
            GridUpdateEvery = 4,
            ValidateEvery = 10,
            CheckpointEvery = 10,
        };
        (double Loss, double ValPsnr, double TestPsnr) Train(Device device, string run)
        {
            var summary = new NerfStudy(options, folder.Sub("scene"), device).Train(folder.Sub(run))!;
            var lines = File.ReadAllLines(Path.Combine(summary.RunFolder, "metrics.csv"));
            var header = lines[0].Split(',').ToList();
            var last = lines[^1].Split(',').Select(v => double.Parse(v, System.Globalization.CultureInfo.InvariantCulture)).ToArray();
            return (last[header.IndexOf("loss")], last[header.IndexOf("val_psnr")], summary.Test.MeanPsnr);
        }

        var cpu = Train(Device.Cpu, "cpu");
        var device = Train(Device.IlgpuCpu, "ilgpu-cpu");
        Assert.True(Math.Abs(cpu.Loss - device.Loss) <= 1e-3 * cpu.Loss, $"mean loss over 10 steps: {device.Loss:R} on ilgpu-cpu, {cpu.Loss:R} on the cpu");
        Assert.True(Math.Abs(cpu.ValPsnr - device.ValPsnr) <= 0.05, $"validation PSNR: {device.ValPsnr:F4} dB on ilgpu-cpu, {cpu.ValPsnr:F4} dB on the cpu");
        Assert.True(Math.Abs(cpu.TestPsnr - device.TestPsnr) <= 0.05, $"test PSNR: {device.TestPsnr:F4} dB on ilgpu-cpu, {cpu.TestPsnr:F4} dB on the cpu");
    }

    private static void AssertClose(float[] expected, float[] actual, double tolerance, string what)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
        {
            Assert.True(Math.Abs(expected[i] - actual[i]) <= tolerance * (1 + Math.Abs(expected[i])), $"{what}[{i}]: {actual[i]} on the device, {expected[i]} on the CPU");
        }
    }
}
