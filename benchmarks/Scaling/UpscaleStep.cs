using System.Diagnostics;
using System.Text.Json;
using IlgpuNet.Autograd;
using IlgpuNet.Data.Imaging;
using IlgpuNet.Kernels.Cpu;
using IlgpuNet.Layers.Models;
using IlgpuNet.SuperResolution;
using IlgpuNet.Tensors;

namespace IlgpuNet.Benchmarks.Scaling;

/// <summary>
/// `benchmarks upscale-step SIZE`: super-resolution inference at ×3 on a SIZE × SIZE image, as one JSON line: the
/// FSRCNN(56, 12, 4) network alone on the luma plane (what torch_seed_models.py --upscale times on PyTorch's side),
/// and the whole of `ilgpunet sr upscale` (read the PNG, YCbCr, the shipped FSRCNN ×3 on Y, bicubic Cb and Cr, write
/// the PNG). Throughput in output megapixels per second, after warm-up, over at least 3 s. `upscale-step SIZE
/// --profile` prints the network's per-layer time instead.
/// </summary>
public static class UpscaleStep
{
    private const int Scale = 3;
    private static readonly TimeSpan MinTimedTime = TimeSpan.FromSeconds(3);

    public static int Run(string[] args)
    {
        int size = args.Length > 0 ? int.Parse(args[0]) : 512;
        ArgumentOutOfRangeException.ThrowIfLessThan(size, 8, "SIZE");
        double outputMegapixels = Math.Pow(size * Scale, 2) / 1e6;

        Tensor.ManualSeed(0);
        var network = new Fsrcnn(Scale);
        network.Eval();
        var plane = Tensor.Rand([1, 1, size, size]);
        void Infer()
        {
            using var noGrad = GradMode.NoGrad();
            network.Call(plane).Dispose();
        }

        if (args.Contains("--profile"))
        {
            Infer();
            using var recording = Profiler.Record();
            Infer();
            Console.Write(recording.Format());
            return 0;
        }

        double networkSeconds = TimeEach(Infer);

        string folder = Directory.CreateTempSubdirectory("ilgpunet-upscale-").FullName;
        try
        {
            string input = Path.Combine(folder, "input.png"), output = Path.Combine(folder, "output.png");
            ImageFile.Write(input, Pattern(size));
            var study = new SuperResolutionStudy();
            var options = new SrUpscaleOptions(input, output) { Scale = Scale, Model = "fsrcnn" };
            double pipelineSeconds = TimeEach(() => study.Upscale(options));
            Console.WriteLine(JsonSerializer.Serialize(new Dictionary<string, object>
            {
                ["size"] = size,
                ["scale"] = Scale,
                ["network_megapixels_per_s"] = outputMegapixels / networkSeconds,
                ["network_ms_per_image"] = networkSeconds * 1000,
                ["pipeline_megapixels_per_s"] = outputMegapixels / pipelineSeconds,
                ["pipeline_ms_per_image"] = pipelineSeconds * 1000,
                ["threads"] = CpuParallel.Workers,
            }));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }

        return 0;
    }

    // Seconds per call: two warm-up calls, then at least three timed ones and at least MinTimedTime.
    private static double TimeEach(Action call)
    {
        call();
        call();
        var clock = Stopwatch.StartNew();
        int calls = 0;
        while (calls < 3 || clock.Elapsed < MinTimedTime)
        {
            call();
            calls++;
        }

        return clock.Elapsed.TotalSeconds / calls;
    }

    // A colour test card: smooth gradients with fine stripes, so the image compresses like a photograph, not a flat one.
    private static ByteImage Pattern(int size)
    {
        var image = new ByteImage(size, size, 3);
        var pixels = image.Pixels;
        for (int y = 0; y < size; y++)
        {
            for (int x = 0; x < size; x++)
            {
                int at = (y * size + x) * 3;
                pixels[at] = (byte)(128 + 100 * Math.Sin(x * 0.05) * Math.Cos(y * 0.03));
                pixels[at + 1] = (byte)(x * 255 / size);
                pixels[at + 2] = (byte)((x + y) % 16 < 8 ? 40 : 220);
            }
        }

        return image;
    }
}
