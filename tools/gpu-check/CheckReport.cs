using System.Text.Json;
using IlgpuNet.Kernels;

namespace IlgpuNet.GpuCheck;

/// <summary>Everything one gpu-check run found, written as JSON (temporary file, then renamed).</summary>
public sealed record CheckReport(Device Device, string? DeviceName, string? Unavailable, IReadOnlyList<CaseResult> Cases,
    TrainingResult? Training, TransferResult? Transfers, TorchReference? Torch, IReadOnlyList<BenchmarkResult> Benchmarks)
{
    public bool Passed => Unavailable == null && Cases.All(c => c.Passed) && Training?.Passed != false && Transfers?.Passed != false;

    public void Write(string path)
    {
        var temporary = path + ".tmp";
        using (var stream = File.Create(temporary))
        using (var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartObject();
            json.WriteString("device", Device.ToString());
            json.WriteString("device_name", DeviceName);
            json.WriteString("unavailable", Unavailable);
            json.WriteString("utc", DateTime.UtcNow.ToString("O"));
            json.WriteBoolean("passed", Passed);
            json.WriteStartArray("parity");
            foreach (var c in Cases)
            {
                json.WriteStartObject();
                json.WriteString("case", c.Name);
                json.WriteBoolean("passed", c.Passed);
                WriteNumber(json, "max_abs_error", c.MaxAbsoluteError);
                json.WriteNumber("seconds", c.Seconds);
                json.WriteStartArray("mismatches");
                foreach (var m in c.Mismatches)
                {
                    json.WriteStringValue(m);
                }

                json.WriteEndArray();
                json.WriteEndObject();
            }

            json.WriteEndArray();
            if (Training is { } training)
            {
                json.WriteStartObject("training");
                json.WriteBoolean("passed", training.Passed);
                WriteArray(json, "cpu_losses", training.CpuLosses);
                WriteArray(json, "device_losses", training.DeviceLosses);
                json.WriteEndObject();
            }

            if (Transfers is { } transfers)
            {
                json.WriteStartObject("host_transfers");
                json.WriteBoolean("passed", transfers.Passed);
                json.WriteNumber("step_uploads", transfers.StepUploads);
                json.WriteNumber("step_downloads", transfers.StepDownloads);
                json.WriteNumber("item_downloads", transfers.ItemDownloads);
                json.WriteEndObject();
            }

            if (Torch is { } torch)
            {
                json.WriteStartObject("torch");
                json.WriteString("error", torch.Error);
                json.WriteString("version", torch.Version);
                json.WriteString("device_name", torch.DeviceName);
                json.WriteEndObject();
            }

            json.WriteStartArray("benchmarks");
            foreach (var b in Benchmarks)
            {
                json.WriteStartObject();
                json.WriteString("name", b.Name);
                json.WriteString("unit", b.Unit + "/s");
                json.WriteNumber("device_seconds", b.DeviceSeconds);
                json.WriteNumber("device_rate", b.DeviceRate);
                WriteNumber(json, "cpu_seconds", b.CpuSeconds);
                WriteNumber(json, "cpu_rate", b.CpuRate);
                WriteNumber(json, "torch_seconds", b.TorchSeconds);
                WriteNumber(json, "torch_rate", b.TorchRate);
                json.WriteNumber("device_peak_bytes", b.DevicePeakBytes);
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        File.Move(temporary, path, overwrite: true);
    }

    private static void WriteNumber(Utf8JsonWriter json, string name, double value)
    {
        if (double.IsFinite(value))
        {
            json.WriteNumber(name, value);
        }
        else
        {
            json.WriteNull(name);
        }
    }

    private static void WriteArray(Utf8JsonWriter json, string name, double[] values)
    {
        json.WriteStartArray(name);
        foreach (var v in values)
        {
            json.WriteNumberValue(v);
        }

        json.WriteEndArray();
    }
}
