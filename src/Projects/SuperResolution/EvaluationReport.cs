using System.Globalization;
using System.Text.Json.Nodes;
using IlgpuNet.Data.Imaging;
using IlgpuNet.Reporting;

namespace IlgpuNet.SuperResolution;

/// <summary>What an evaluation shows: per-image and mean tables, comparison figures, and its JSON form.</summary>
public static class EvaluationReport
{
    /// <summary>
    /// {"dataset", "scale", "images", "methods": {name: {"psnr", "ssim"}}, "per_image": [{"image", "psnr": {...}, "ssim": {...}}]}.
    /// </summary>
    public static JsonObject ToJson(SrEvaluation evaluation, string? folder = null)
    {
        var methods = new JsonObject();
        for (int m = 0; m < evaluation.Methods.Count; m++)
        {
            var (psnr, ssim) = evaluation.Mean(m);
            methods[evaluation.Methods[m]] = new JsonObject { ["psnr"] = Math.Round(psnr, 4), ["ssim"] = Math.Round(ssim, 5) };
        }

        var images = new JsonArray();
        for (int i = 0; i < evaluation.Pairs.Count; i++)
        {
            var psnr = new JsonObject();
            var ssim = new JsonObject();
            for (int m = 0; m < evaluation.Methods.Count; m++)
            {
                psnr[evaluation.Methods[m]] = Math.Round(evaluation[i, m].Psnr, 4);
                ssim[evaluation.Methods[m]] = Math.Round(evaluation[i, m].Ssim, 5);
            }

            images.Add(new JsonObject { ["image"] = evaluation.Pairs[i].Name, ["psnr"] = psnr, ["ssim"] = ssim });
        }

        var json = new JsonObject { ["dataset"] = evaluation.Name };
        if (folder != null)
        {
            json["data"] = folder;
        }

        json["scale"] = evaluation.Pairs[0].Scale;
        json["images"] = evaluation.Pairs.Count;
        json["metric"] = $"Y channel (MATLAB rgb2ycbcr), {evaluation.Pairs[0].Scale}-pixel border cropped";
        json["methods"] = methods;
        json["per_image"] = images;
        return json;
    }

    /// <summary>A Markdown table: one row per image, "PSNR / SSIM" per method, the mean last in bold.</summary>
    public static string ToMarkdown(SrEvaluation evaluation)
    {
        var text = new System.Text.StringBuilder();
        text.Append("| image | ").AppendJoin(" | ", evaluation.Methods).Append(" |\n|---|").Append(string.Concat(evaluation.Methods.Select(_ => "---:|"))).Append('\n');
        for (int i = 0; i < evaluation.Pairs.Count; i++)
        {
            text.Append($"| {evaluation.Pairs[i].Name} | ")
                .AppendJoin(" | ", Enumerable.Range(0, evaluation.Methods.Count).Select(m => Cell(evaluation[i, m].Psnr, evaluation[i, m].Ssim, bold: false)))
                .Append(" |\n");
        }

        text.Append("| **mean** | ")
            .AppendJoin(" | ", Enumerable.Range(0, evaluation.Methods.Count).Select(m => Cell(evaluation.Mean(m).Psnr, evaluation.Mean(m).Ssim, bold: true)))
            .Append(" |\n");
        return text.ToString();
    }

    private static string Cell(double psnr, double ssim, bool bold)
    {
        var cell = string.Create(CultureInfo.InvariantCulture, $"{psnr:F2} / {ssim:F4}");
        return bold ? $"**{cell}**" : cell;
    }

    /// <summary>A table per measure: one row per image, one column per method, the mean last.</summary>
    public static void AddTables(HtmlReport report, SrEvaluation evaluation)
    {
        foreach (var (measure, pick) in new (string, Func<SrEvaluation.ImageResult, double>)[] { ("PSNR (dB)", r => r.Psnr), ("SSIM", r => r.Ssim) })
        {
            var rows = new List<IReadOnlyList<object?>>();
            for (int i = 0; i < evaluation.Pairs.Count; i++)
            {
                rows.Add([evaluation.Pairs[i].Name, .. Enumerable.Range(0, evaluation.Methods.Count).Select(m => (object?)pick(evaluation[i, m]))]);
            }

            rows.Add(["mean", .. Enumerable.Range(0, evaluation.Methods.Count).Select(m => (object?)Mean(evaluation, m, pick))]);
            report.AddTable(["image", .. evaluation.Methods], rows, $"{evaluation.Name} x{evaluation.Pairs[0].Scale}: {measure} on Y, {evaluation.Pairs[0].Scale}-pixel border cropped.");
        }
    }

    /// <summary>A comparison figure for each of the first <paramref name="limit"/> images and one of every image's crops; returns the crops figure's path.</summary>
    public static string AddGrids(HtmlReport report, RunFolder run, SrEvaluation evaluation, string prefix, int limit = int.MaxValue)
    {
        var rows = new List<(ByteImage, ByteImage, IReadOnlyList<ComparisonPanel>)>();
        for (int i = 0; i < evaluation.Pairs.Count; i++)
        {
            var pair = evaluation.Pairs[i];
            var panels = Panels(evaluation, i);
            var highRes = Fit(pair.HighRes, panels[0].Image);
            rows.Add((pair.LowRes, highRes, panels));
            if (i < limit)
            {
                var path = run.SaveImage(ComparisonGrid.Render(pair.LowRes, highRes, panels), $"{prefix}_{Safe(pair.Name)}.png");
                report.AddImage(path, $"{evaluation.Name} {pair.Name} x{pair.Scale}: LR, HR (red square: the zoomed crop), then each method with Y PSNR (dB) / SSIM; zoomed crops below.");
            }
        }

        var crops = run.SaveImage(ComparisonGrid.RenderCrops(rows), $"{prefix}_crops.png");
        report.AddImage(crops, $"{evaluation.Name} x{evaluation.Pairs[0].Scale}: the zoomed crops of every image, one row each.");
        return crops;
    }

    /// <summary>The colour result of every method on one image, captioned with its scores.</summary>
    public static IReadOnlyList<ComparisonPanel> Panels(SrEvaluation evaluation, int image)
    {
        var pair = evaluation.Pairs[image];
        return Enumerable.Range(0, evaluation.Methods.Count).Select(m =>
        {
            var result = evaluation[image, m];
            var colour = Fit(ColourComposer.Compose(pair.LowRes, result.Luma, pair.Scale), pair.HighRes);
            return new ComparisonPanel(evaluation.Methods[m], colour, string.Create(CultureInfo.InvariantCulture, $"{result.Psnr:F2}/{result.Ssim:F3}"));
        }).ToArray();
    }

    private static double Mean(SrEvaluation evaluation, int method, Func<SrEvaluation.ImageResult, double> pick) =>
        Enumerable.Range(0, evaluation.Pairs.Count).Average(i => pick(evaluation[i, method]));

    // A result larger than the HR image (HR not a multiple of the scale) is cut to it, as the scores are.
    private static ByteImage Fit(ByteImage image, ByteImage reference) =>
        image.Width == reference.Width && image.Height == reference.Height ? image
            : Luma.Crop(image, 0, 0, Math.Min(image.Width, reference.Width), Math.Min(image.Height, reference.Height));

    private static string Safe(string name) => string.Concat(name.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' ? c : '_'));
}
