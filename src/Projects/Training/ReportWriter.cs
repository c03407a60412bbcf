using System.Text;
using System.Text.RegularExpressions;
using IlgpuNet.Data.Datasets;
using IlgpuNet.Reporting;
using IlgpuNet.Tensors.IO;

namespace IlgpuNet.Training;

/// <summary>
/// Writes the same content twice: report.html (the run's notebook-like page) and results.md (the page for
/// docs/results, with links relative to the run folder), so the two never disagree.
/// </summary>
public sealed class ReportWriter(RunFolder run, string title)
{
    private static readonly Regex LayerRow = new(@"^\s*(\S+-\d+)\s+(\[[^\]]*\])\s+([\d,]+)\s*$");

    private readonly StringBuilder markdown = new StringBuilder("# ").AppendLine(title).AppendLine();

    public HtmlReport Html { get; } = new(title);

    public string MarkdownPath => Path.Combine(run.Root, "results.md");

    public ReportWriter Metadata(RunSettings settings, DateTimeOffset started, TimeSpan elapsed)
    {
        Html.AddRunMetadata(settings.CommandLine, started, settings.Device.ToString(), elapsed);
        markdown.AppendLine($"Command: `{settings.CommandLine}`  ").AppendLine($"Device: {settings.Device}, {Environment.ProcessorCount} cores; started {started:yyyy-MM-dd HH:mm}; took {elapsed.TotalMinutes:F1} min.").AppendLine();
        if (settings.SkippedImages is { Count: > 0 } skipped)
        {
            // --skip-bad-images: the run says how many files it left out and lists them beside the report.
            skipped.WriteList(Path.Combine(run.Root, SkippedImages.FileName));
            Html.AddMetadata("Skipped images", $"{skipped.Count} that could not be decoded (listed in {SkippedImages.FileName})");
            markdown.AppendLine($"Skipped {skipped.Count} images that could not be decoded (listed in `{SkippedImages.FileName}`).").AppendLine();
            Console.WriteLine($"skipped {skipped.Count} images that could not be decoded: {Path.Combine(run.Root, SkippedImages.FileName)}");
        }

        return this;
    }

    public ReportWriter Heading(string text, int level = 2)
    {
        Html.AddHeading(text, level);
        markdown.AppendLine($"{new string('#', level)} {text}").AppendLine();
        return this;
    }

    /// <summary>Text with **bold** and `code` (both formats understand them).</summary>
    public ReportWriter Paragraph(string text)
    {
        Html.AddParagraph(text);
        markdown.AppendLine(text).AppendLine();
        return this;
    }

    public ReportWriter Bullets(IEnumerable<string> items)
    {
        var list = items.ToList();
        Html.AddBulletList(list);
        list.ForEach(item => markdown.AppendLine($"- {item}"));
        markdown.AppendLine();
        return this;
    }

    /// <summary>A table of preformatted cells.</summary>
    public ReportWriter Table(IReadOnlyList<string> headers, IEnumerable<IReadOnlyList<string>> rows)
    {
        var list = rows.ToList();
        Html.AddTable(headers, list.Select(r => (IReadOnlyList<object?>)r.Cast<object?>().ToList()));
        markdown.AppendLine("| " + string.Join(" | ", headers) + " |");
        markdown.AppendLine("|" + string.Concat(headers.Select(_ => " --- |")));
        list.ForEach(r => markdown.AppendLine("| " + string.Join(" | ", r) + " |"));
        markdown.AppendLine();
        return this;
    }

    public ReportWriter Figure(Chart chart, string fileName, string caption) => Image(run.SaveFigure(chart, fileName), caption);

    /// <summary>An image already in the run folder, by its relative path.</summary>
    public ReportWriter Image(string relativePath, string caption)
    {
        Html.AddImage(relativePath, caption);
        markdown.AppendLine($"![{caption}]({relativePath})").AppendLine().AppendLine($"*{caption}*").AppendLine();
        return this;
    }

    /// <summary>
    /// A video by its relative path (null: none) with an image that stands in for it: the animated image in Markdown
    /// (viewers show it moving), the video with the image as fallback in HTML.
    /// </summary>
    public ReportWriter Video(string? videoPath, string imagePath, string caption)
    {
        Html.AddVideo(videoPath, imagePath, caption);
        markdown.AppendLine($"![{caption}]({imagePath})").AppendLine().Append($"*{caption}*");
        markdown.AppendLine(videoPath == null ? "" : $" ([MP4]({videoPath}))").AppendLine();
        return this;
    }

    /// <summary>A <see cref="Layers.Summary"/> table: a real table in HTML, the text as it is printed in Markdown.</summary>
    public ReportWriter ModelSummary(string summary)
    {
        var lines = summary.Replace("\r", "").Split('\n');
        var rows = lines.Select(line => LayerRow.Match(line)).Where(m => m.Success)
            .Select(m => (IReadOnlyList<object?>)[m.Groups[1].Value, m.Groups[2].Value, m.Groups[3].Value]);
        Html.AddTable(["layer (type)", "output shape", "parameters"], rows);
        Html.AddBulletList(lines.Where(line => line.Contains(": ", StringComparison.Ordinal)).Select(line => line.Trim()));
        markdown.AppendLine("```").AppendLine(summary.TrimEnd()).AppendLine("```").AppendLine();
        return this;
    }

    public void Save()
    {
        run.SaveReport(Html);
        AtomicFile.WriteAllText(MarkdownPath, markdown.ToString());
    }
}
