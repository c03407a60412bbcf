using IlgpuNet.Kernels;
using IlgpuNet.Layers;
using IlgpuNet.Nerf;
using IlgpuNet.Nerf.Models;
using IlgpuNet.Nerf.Rendering;
using IlgpuNet.Tensors;

namespace IlgpuNet.Tests.Projects.Nerf;

/// <summary>
/// The paper's model renders and trains on a device as on the CPU (checked on ILGPU's CPU accelerator, which runs the
/// device kernels); the fast variant is refused there.
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

    [Fact]
    public void FastVariant_OnADevice_IsRefusedBeforeAnyWork()
    {
        var error = Assert.Throws<ArgumentException>(() => new NerfStudy(NerfOptions.For(NerfVariant.Fast), "/nonexistent", Device.IlgpuCpu));
        Assert.Contains("--device ilgpu-cpu", error.Message);
        Assert.Contains("CPU backend only", error.Message);
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
