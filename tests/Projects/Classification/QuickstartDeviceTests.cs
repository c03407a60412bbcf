using System.Text.Json;
using IlgpuNet.Kernels;
using IlgpuNet.Kernels.Gpu;

namespace IlgpuNet.Tests.Projects.Classification;

/// <summary>The quick start on ILGPU's CPU accelerator (the device kernels, in CI), and the error for a device that is not there.</summary>
[Collection(ConsoleCollection.Name)]
public class QuickstartDeviceTests : IDisposable
{
    private readonly string root = Directory.CreateTempSubdirectory("ilgpunet-quickstart-device-").FullName;

    public void Dispose() => Directory.Delete(root, recursive: true);

    [Fact]
    public void Quickstart_DeviceIlgpuCpu_TrainsThereAndWritesTheRun()
    {
        string data = WriteTinyFashionMnist(train: 64, test: 32);
        string output = Path.Combine(root, "run");
        var backend = DeviceRegistry.Backend(Device.IlgpuCpu);
        long uploads = backend.HostToDeviceCopies;
        var run = CliRun.Invoke("quickstart", "--device", "ilgpu-cpu", "--data", data, "--epochs", "1", "--batch-size", "32", "--limit", "32",
            "--eval-limit", "8", "--out", output);
        Assert.True(run.ExitCode == 0, $"exit code {run.ExitCode}: {run.Errors}");

        // the 10 parameters go up once, then images and labels once per batch: 1 training, 1 validation and 1 test batch
        long uploaded = backend.HostToDeviceCopies - uploads;
        Assert.True(uploaded >= 16, $"only {uploaded} uploads to ilgpu-cpu: the training did not run there");
        using var config = JsonDocument.Parse(File.ReadAllText(Path.Combine(output, "config.json")));
        Assert.Equal("ilgpu-cpu", config.RootElement.GetProperty("device").GetString());
        Assert.Equal((32, 6, 8), (config.RootElement.GetProperty("trainImages").GetInt32(), config.RootElement.GetProperty("validationImages").GetInt32(),
            config.RootElement.GetProperty("testImages").GetInt32()));
        using var summary = JsonDocument.Parse(File.ReadAllText(Path.Combine(output, "summary.json")));
        Assert.InRange(summary.RootElement.GetProperty("test_accuracy").GetDouble(), 0.0, 1.0);
    }

    [Fact]
    public void Quickstart_MissingDevice_ExitsWithTheDevicesFound()
    {
        string data = WriteTinyFashionMnist(train: 40, test: 8);
        var run = CliRun.Invoke("quickstart", "--device", "opencl:9", "--data", data, "--epochs", "1", "--out", Path.Combine(root, "run"));
        Assert.True(run.ExitCode == 4, $"exit code {run.ExitCode}: {run.Errors}");
        Assert.Contains("opencl:9 is not available", run.Errors);
        Assert.Contains("Devices found: cpu", run.Errors);
    }

    [Fact]
    public void Quickstart_UnknownDeviceName_IsAUsageError()
    {
        var run = CliRun.Invoke("quickstart", "--device", "tpu", "--out", Path.Combine(root, "run"));
        Assert.NotEqual(0, run.ExitCode);
        Assert.Contains("unknown device 'tpu'", run.Output + run.Errors);
    }

    [Fact]
    public void Quickstart_EvalLimitBelowOne_IsBadInput()
    {
        var run = CliRun.Invoke("quickstart", "--eval-limit", "0", "--out", Path.Combine(root, "run"));
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("--eval-limit 0: must be a whole number of at least 1", run.Output + run.Errors);
    }

    private string WriteTinyFashionMnist(int train, int test)
    {
        string data = Path.Combine(root, "data");
        string dataset = Path.Combine(data, "fashion-mnist");
        Directory.CreateDirectory(dataset);
        TinyIdx.WriteSplit(dataset, "train", train, seed: 1);
        TinyIdx.WriteSplit(dataset, "t10k", test, seed: 2);
        return data;
    }
}
