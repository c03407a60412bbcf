using System.Text.Json;

namespace IlgpuNet.Tests.Experiments;

/// <summary>
/// The quick start end to end on a tiny generated Fashion-MNIST stand-in (IDX files the test writes): one epoch must
/// produce the run folder — config, metrics, summary, figures, report — and print the folder as its last line.
/// </summary>
public class QuickstartSmokeTests : IDisposable
{
    private readonly string root = Directory.CreateTempSubdirectory("ilgpunet-quickstart-").FullName;

    public void Dispose() => Directory.Delete(root, recursive: true);

    [Fact]
    public void Quickstart_OneEpochOnTinyData_WritesRunFolderAndReport()
    {
        string data = Path.Combine(root, "data");
        string dataset = Path.Combine(data, "fashion-mnist");
        Directory.CreateDirectory(dataset);
        WriteIdxSplit(dataset, "train", 256, seed: 1);
        WriteIdxSplit(dataset, "t10k", 100, seed: 2);
        string output = Path.Combine(root, "run");

        var (exitCode, console, errors) = CliRun.Invoke("quickstart", "--data", data, "--epochs", "1", "--batch-size", "32", "--out", output);

        Assert.True(exitCode == 0, $"exit code {exitCode}: {errors}");
        Assert.Equal(Path.GetFullPath(output), CliRun.LastLine(console));
        foreach (var file in new[] { "config.json", "metrics.csv", "summary.json", "report.html", "figures/loss.svg", "figures/confusion.svg", "images/conv1_filters.png" })
        {
            Assert.True(File.Exists(Path.Combine(output, file)), $"missing {file}");
        }

        var metrics = File.ReadAllLines(Path.Combine(output, "metrics.csv"));
        Assert.Equal(2, metrics.Length); // header + one epoch
        using var summary = JsonDocument.Parse(File.ReadAllText(Path.Combine(output, "summary.json")));
        double accuracy = summary.RootElement.GetProperty("test_accuracy").GetDouble();
        Assert.InRange(accuracy, 0.0, 1.0);
        Assert.Contains("Confusion matrix", File.ReadAllText(Path.Combine(output, "report.html")));
    }

    /// <summary>28×28 images whose class k is a bright horizontal bar at rows 2k..2k+2, with noise.</summary>
    private static void WriteIdxSplit(string folder, string prefix, int count, int seed)
    {
        var random = new Random(seed);
        var pixels = new byte[count * 28 * 28];
        var labels = new byte[count];
        for (int i = 0; i < count; i++)
        {
            int label = i % 10;
            labels[i] = (byte)label;
            for (int p = 0; p < 28 * 28; p++)
            {
                int row = p / 28;
                pixels[i * 784 + p] = (byte)(row >= 2 * label + 2 && row < 2 * label + 5 ? 200 + random.Next(55) : random.Next(40));
            }
        }

        WriteIdx(Path.Combine(folder, $"{prefix}-images-idx3-ubyte"), 0x00000803, [count, 28, 28], pixels);
        WriteIdx(Path.Combine(folder, $"{prefix}-labels-idx1-ubyte"), 0x00000801, [count], labels);
    }

    private static void WriteIdx(string path, int magic, int[] dims, byte[] data)
    {
        using var writer = new BinaryWriter(File.Create(path));
        writer.Write(System.Buffers.Binary.BinaryPrimitives.ReverseEndianness(magic));
        foreach (int d in dims)
        {
            writer.Write(System.Buffers.Binary.BinaryPrimitives.ReverseEndianness(d));
        }

        writer.Write(data);
    }
}
