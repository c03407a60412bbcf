using System.Text.Json;
using IlgpuNet.Data.Datasets;
using IlgpuNet.Kernels;
using IlgpuNet.Reporting;
using Spectre.Console;

namespace IlgpuNet.Cli.Experiments.Sr;

/// <summary>
/// <c>ilgpunet sr eval</c>: bilinear, bicubic and trained networks on one SelfExSR-layout test set at one scale,
/// using its LR images as given. Prints a table or JSON; with an output folder also writes report.html with the
/// per-image tables and comparison figures.
/// </summary>
public sealed class SrEvalExperiment(string? data, int scale, IReadOnlyList<string> weights, SrEvalFormat format, string? outDirectory, Device device, string commandLine)
{
    public int Run()
    {
        var started = DateTimeOffset.Now;
        var clock = System.Diagnostics.Stopwatch.StartNew();
        string folder = Path.GetFullPath(data ?? new DatasetLocator().Locate("set5"));
        var dataset = new SelfExSrDataset(folder, scale);
        var networks = SrMethods.LoadWeights(weights, scale);
        foreach (var network in networks)
        {
            network.Network.Model.To(device);
        }

        var methods = SrMethods.WithBaselines(scale, networks.Select(w => w.Network));
        var pairs = Enumerable.Range(0, dataset.Count).Select(i => dataset[i]).ToArray();
        var evaluation = SrEvaluation.Run(Path.GetFileName(folder.TrimEnd(Path.DirectorySeparatorChar)), pairs, methods);
        var result = EvaluationReport.ToJson(evaluation, folder);

        switch (format)
        {
            case SrEvalFormat.Json:
                Console.WriteLine(result.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
                break;
            case SrEvalFormat.Markdown:
                Console.Write(EvaluationReport.ToMarkdown(evaluation));
                break;
            default:
                PrintTable(evaluation);
                break;
        }

        if (outDirectory != null)
        {
            var run = RunFolder.Create(outDirectory);
            run.WriteConfig(new { experiment = "sr-eval", data = folder, scale, weights = networks.Select(w => w.Path).ToArray() });
            var report = new HtmlReport($"Super-resolution x{scale} on {evaluation.Name}");
            report.AddRunMetadata(commandLine, started, device.ToString(), clock.Elapsed);
            report.AddParagraph($"LR images as given in `{folder}`; PSNR and SSIM on the Y channel with a {scale}-pixel border cropped. Networks: {string.Join(", ", networks.Select(w => $"`{w.Network.Name}` ({Path.GetFileName(w.Path)})"))}.");
            EvaluationReport.AddTables(report, evaluation);
            EvaluationReport.AddGrids(report, run, evaluation, $"{evaluation.Name.ToLowerInvariant()}_x{scale}");
            run.WriteSummary(result);
            run.SaveReport(report);
            if (format == SrEvalFormat.Table)
            {
                Console.WriteLine(run.Root);
            }
        }

        return 0;
    }

    private static void PrintTable(SrEvaluation evaluation)
    {
        var table = new Table().Title($"{evaluation.Name} x{evaluation.Pairs[0].Scale}: Y PSNR (dB) / SSIM");
        table.AddColumn("image");
        foreach (var method in evaluation.Methods)
        {
            table.AddColumn(new TableColumn(method).RightAligned());
        }

        for (int i = 0; i < evaluation.Pairs.Count; i++)
        {
            table.AddRow([evaluation.Pairs[i].Name, .. Enumerable.Range(0, evaluation.Methods.Count).Select(m => $"{evaluation[i, m].Psnr:F2} / {evaluation[i, m].Ssim:F4}")]);
        }

        table.AddRow(["[bold]mean[/]", .. Enumerable.Range(0, evaluation.Methods.Count).Select(m => $"[bold]{evaluation.Mean(m).Psnr:F2} / {evaluation.Mean(m).Ssim:F4}[/]")]);
        AnsiConsole.Write(table);
    }
}
