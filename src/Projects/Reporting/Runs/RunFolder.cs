using System.Globalization;
using System.Text.Json;
using IlgpuNet.Data.Imaging;
using IlgpuNet.Tensors.IO;

namespace IlgpuNet.Reporting;

/// <summary>
/// The output directory of one run (--out): config.json, metrics.csv, summary.json, report.html and the figures/,
/// images/ and checkpoints/ sub-folders. Every whole-file write goes to a temporary file that is then renamed.
/// Methods that save a figure or image return its path relative to the run folder, ready for <see cref="HtmlReport"/>.
/// </summary>
public sealed class RunFolder
{
    public const string FiguresFolder = "figures";
    public const string ImagesFolder = "images";
    public const string CheckpointsFolder = "checkpoints";

    private static readonly JsonSerializerOptions JsonOptions = new()
    {
        WriteIndented = true,
        // NaN losses happen; JSON has no NaN, so write them as the strings "NaN"/"Infinity" rather than failing at the end of a run.
        NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    private RunFolder(string root)
    {
        Root = root;
    }

    public string Root { get; }

    public string FiguresDirectory => Path.Combine(Root, FiguresFolder);

    public string ImagesDirectory => Path.Combine(Root, ImagesFolder);

    public string CheckpointsDirectory => Path.Combine(Root, CheckpointsFolder);

    public string ConfigPath => Path.Combine(Root, "config.json");

    public string MetricsPath => Path.Combine(Root, "metrics.csv");

    public string SummaryPath => Path.Combine(Root, "summary.json");

    public string ReportPath => Path.Combine(Root, "report.html");

    /// <summary>Creates the folder and its sub-folders (an existing run folder is reused as it is).</summary>
    public static RunFolder Create(string root)
    {
        var folder = new RunFolder(Path.GetFullPath(root));
        Directory.CreateDirectory(folder.FiguresDirectory);
        Directory.CreateDirectory(folder.ImagesDirectory);
        Directory.CreateDirectory(folder.CheckpointsDirectory);
        return folder;
    }

    /// <summary>Serialises any object (options record, dictionary, anonymous object) as indented JSON.</summary>
    public void WriteConfig<T>(T config) => WriteJson(ConfigPath, config);

    /// <summary>Reads config.json back (for --resume: check the options match the run being continued); null when absent.</summary>
    public T? ReadConfig<T>() => File.Exists(ConfigPath) ? JsonSerializer.Deserialize<T>(File.ReadAllText(ConfigPath), JsonOptions) : default;

    /// <summary>Any other JSON file of the run (a fitted colour palette, ...) as <paramref name="fileName"/> in the folder; returns its full path.</summary>
    public string SaveJson<T>(string fileName, T value)
    {
        string path = Path.Combine(Root, fileName);
        WriteJson(path, value);
        return path;
    }

    /// <summary>Final metrics of the run (best accuracy, test loss, time taken, ...).</summary>
    public void WriteSummary<T>(T summary) => WriteJson(SummaryPath, summary);

    /// <summary>Opens metrics.csv; see <see cref="MetricsLog.Open"/> for what <paramref name="resume"/> keeps.</summary>
    public MetricsLog OpenMetrics(IReadOnlyList<string> columns, bool resume = false, int? keepThroughEpoch = null, string keyColumn = MetricsLog.EpochColumn) =>
        MetricsLog.Open(MetricsPath, columns, resume, keepThroughEpoch, keyColumn);

    /// <summary>checkpoints/<paramref name="fileName"/>.</summary>
    public string CheckpointPath(string fileName) => Path.Combine(CheckpointsDirectory, fileName);

    /// <summary>checkpoints/epoch-0007.safetensors: zero-padded so that names sort by epoch.</summary>
    public string CheckpointPath(int epoch, string extension = ".safetensors") =>
        CheckpointPath($"epoch-{epoch.ToString("D4", CultureInfo.InvariantCulture)}{extension}");

    /// <summary>The epoch and path of the newest epoch-NNNN checkpoint, or null when there is none (where --resume starts).</summary>
    public (int Epoch, string Path)? LatestCheckpoint(string extension = ".safetensors")
    {
        if (!Directory.Exists(CheckpointsDirectory))
        {
            return null;
        }

        return Directory.EnumerateFiles(CheckpointsDirectory, "epoch-*" + extension)
            .Select(path => (Name: Path.GetFileName(path), Path: path))
            .Select(f => (Ok: int.TryParse(f.Name["epoch-".Length..^extension.Length], NumberStyles.None, CultureInfo.InvariantCulture, out int epoch), Epoch: epoch, f.Path))
            .Where(f => f.Ok)
            .Select(f => ((int Epoch, string Path)?)(f.Epoch, f.Path))
            .MaxBy(f => f!.Value.Epoch);
    }

    /// <summary>
    /// Writes the chart twice, figures/NAME.png (what report.html and results.md show) and figures/NAME.svg (a vector
    /// copy), for a <paramref name="fileName"/> NAME, NAME.png or NAME.svg; returns "figures/NAME.png".
    /// </summary>
    public string SaveFigure(Chart chart, string fileName)
    {
        string name = Path.GetExtension(fileName).ToLowerInvariant() is ".png" or ".svg" ? Path.ChangeExtension(fileName, null) : fileName;
        chart.SavePngAndSvg(Path.Combine(FiguresDirectory, name + ".png"), Path.Combine(FiguresDirectory, name + ".svg"));
        return $"{FiguresFolder}/{name}.png";
    }

    /// <summary>Writes images/<paramref name="fileName"/> in the format its extension names (PNG, JPEG, ...) and returns "images/<paramref name="fileName"/>".</summary>
    public string SaveImage(ByteImage image, string fileName)
    {
        var format = ImageFile.FormatOfPath(fileName);
        AtomicFile.Write(Path.Combine(ImagesDirectory, fileName), stream => ImageFile.Write(stream, image, format));
        return $"{ImagesFolder}/{fileName}";
    }

    /// <summary>Writes report.html (after checking that every file it references exists) and returns its full path.</summary>
    public string SaveReport(HtmlReport report)
    {
        report.Save(ReportPath);
        return ReportPath;
    }

    private static void WriteJson<T>(string path, T value) =>
        AtomicFile.WriteAllText(path, JsonSerializer.Serialize(value, JsonOptions) + "\n");
}
