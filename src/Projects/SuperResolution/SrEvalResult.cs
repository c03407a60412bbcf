using System.Text.Json.Nodes;
using IlgpuNet.Reporting;

namespace IlgpuNet.SuperResolution;

/// <summary>
/// An evaluation and what it was run on: the test-set folder, the weights files, when it started and how long it took.
/// It prints as JSON or Markdown and writes a report folder with per-image tables and comparison figures.
/// </summary>
public sealed record SrEvalResult(SrEvalOptions Options, string Folder, IReadOnlyList<SrWeightsFile> Networks, SrEvaluation Evaluation,
    DateTimeOffset Started, TimeSpan Elapsed)
{
    /// <summary>Means per method and per-image values (what <c>sr eval --json</c> prints and summary.json holds).</summary>
    public JsonObject ToJson() => EvaluationReport.ToJson(Evaluation, Folder);

    /// <summary>Per-image PSNR and SSIM tables with the mean (for results pages).</summary>
    public string ToMarkdown() => EvaluationReport.ToMarkdown(Evaluation);

    /// <summary>config.json, summary.json and report.html with the tables and comparison figures; returns the run folder.</summary>
    public string WriteReport(string outDirectory, string commandLine)
    {
        int scale = Options.Scale;
        var run = RunFolder.Create(outDirectory);
        run.WriteConfig(new { experiment = "sr-eval", data = Folder, scale, weights = Networks.Select(w => w.Path).ToArray() });
        var report = new HtmlReport($"Super-resolution x{scale} on {Evaluation.Name}");
        report.AddRunMetadata(commandLine, Started, Options.Device.ToString(), Elapsed);
        report.AddParagraph($"LR images as given in `{Folder}`; PSNR and SSIM on the Y channel with a {scale}-pixel border cropped. Networks: {string.Join(", ", Networks.Select(w => $"`{w.Network.Name}` ({Path.GetFileName(w.Path)})"))}.");
        EvaluationReport.AddTables(report, Evaluation);
        EvaluationReport.AddGrids(report, run, Evaluation, $"{Evaluation.Name.ToLowerInvariant()}_x{scale}");
        run.WriteSummary(ToJson());
        run.SaveReport(report);
        return run.Root;
    }
}
