using IlgpuNet.GpuCheck;
using IlgpuNet.Kernels;
using IlgpuNet.Kernels.Gpu;

// gpu-check [--device cuda:0|ilgpu-cpu|opencl:N] [--out gpu-check.json] [--skip-parity] [--skip-bench] [--size small|full]
// Exit codes: 0 all parity checks passed, 1 some failed, 2 the device is not available, 64 bad arguments.
var options = CheckOptions.Parse(args);
if (options.Error == CheckOptions.HelpRequested)
{
    Console.WriteLine(CheckOptions.Usage);
    return 0;
}

if (options.Error is { } usage)
{
    Console.Error.WriteLine($"gpu-check: {usage}");
    Console.Error.WriteLine(CheckOptions.Usage);
    return 64;
}

Console.WriteLine($"gpu-check on {options.Device} ({DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC)");
foreach (var line in DeviceListing())
{
    Console.WriteLine("  " + line);
}

if (!DeviceRegistry.TryOpen(options.Device, out var reason))
{
    Console.WriteLine(reason);
    new CheckReport(options.Device, null, reason, [], null, null, null, []).Write(options.OutPath);
    Console.WriteLine($"report: {Path.GetFullPath(options.OutPath)}");
    return 2;
}

var backend = DeviceRegistry.Backend(options.Device);
Console.WriteLine($"opened {options.Device}: {backend.Name}");
var parity = options.SkipParity ? [] : ParityRun.Cases(options.Device);
var training = options.SkipParity ? null : ParityRun.Training(options.Device);
var transfers = options.SkipParity ? null : ParityRun.Transfers(options.Device);
TorchReference? torch = null;
if (!options.SkipBench)
{
    torch = options.Device.Kind == DeviceKind.Cuda
        ? TorchReference.Run(options.Device, Benchmarks.GemmSizes(options.Full), Benchmarks.SeedModelNames(options.Full))
        : new TorchReference($"PyTorch runs on CUDA devices only, not {options.Device}", null, null, new Dictionary<int, double>(), new Dictionary<string, double>());
}

var benchmarks = torch is null ? [] : Benchmarks.Run(options.Device, options.Full, torch);
var report = new CheckReport(options.Device, backend.Name, null, parity, training, transfers, torch, benchmarks);
report.Write(options.OutPath);
Console.WriteLine($"report: {Path.GetFullPath(options.OutPath)}");
return report.Passed ? 0 : 1;

static IEnumerable<string> DeviceListing()
{
    var devices = DeviceInfo.List(out var problems);
    return devices.Select(d => d.ToString()).Concat(problems);
}
