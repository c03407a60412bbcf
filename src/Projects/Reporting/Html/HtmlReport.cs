using System.Globalization;
using System.Net;
using System.Text;
using IlgpuNet.Tensors.IO;

namespace IlgpuNet.Reporting;

/// <summary>
/// report.html laid out like a course notebook: a title, the run's metadata, then headings, paragraphs, tables and
/// figures in the order they are added. One self-contained file: CSS inline, no scripts, no fonts or assets from the
/// network; figures are files next to the report (figures/*.png drawn by ScottPlot, images/*.png) referenced relatively, or PNG
/// data inside the page.
/// </summary>
public sealed class HtmlReport
{
    private const string Style = """
        body { margin: 0; background: #f4f4f2; color: #1d1d1f; font: 15px/1.55 "DejaVu Sans", Helvetica, Arial, sans-serif; }
        main { max-width: 980px; margin: 0 auto; padding: 24px 32px 48px; background: #ffffff; min-height: 100vh; box-sizing: border-box; }
        h1 { font-size: 26px; margin: 8px 0 12px; }
        h2 { font-size: 20px; margin: 32px 0 8px; padding-bottom: 4px; border-bottom: 1px solid #dddddd; }
        h3 { font-size: 17px; margin: 24px 0 6px; }
        h4 { font-size: 15px; margin: 18px 0 4px; }
        p, ul { margin: 8px 0; }
        code { font: 13px "DejaVu Sans Mono", Menlo, Consolas, monospace; background: #f0f0ee; padding: 1px 4px; border-radius: 3px; }
        table { border-collapse: collapse; margin: 12px 0; font-size: 14px; }
        caption { caption-side: top; text-align: left; color: #555555; font-size: 13px; padding-bottom: 4px; }
        th, td { border: 1px solid #d8d8d8; padding: 4px 10px; text-align: left; }
        th { background: #f4f4f2; }
        td.num { text-align: right; font-variant-numeric: tabular-nums; }
        table.metadata th { width: 9em; }
        table.metadata td { font-family: "DejaVu Sans Mono", Menlo, Consolas, monospace; font-size: 13px; }
        figure { margin: 16px 0; }
        figure svg, figure img, figure video { max-width: 100%; height: auto; display: block; }
        img.raster { image-rendering: pixelated; }
        figcaption { color: #555555; font-size: 13px; margin-top: 4px; }
        figcaption b { color: #1d1d1f; }
        .gallery { display: flex; flex-wrap: wrap; gap: 16px; align-items: flex-start; }
        .gallery figure { margin: 0; }
        footer { margin-top: 40px; color: #888888; font-size: 12px; }
        """;

    private readonly List<string> blocks = [];
    private readonly List<(string Name, string Value)> metadata = [];
    private readonly List<string> referencedFiles = [];
    private int figureNumber;

    public HtmlReport(string title)
    {
        Title = title;
    }

    public string Title { get; }

    /// <summary>Files the report links to, relative to the report's folder; <see cref="Save"/> checks that each exists.</summary>
    public IReadOnlyList<string> ReferencedFiles => referencedFiles;

    /// <summary>A row of the metadata table under the title.</summary>
    public HtmlReport AddMetadata(string name, string value)
    {
        metadata.Add((name, value));
        return this;
    }

    /// <summary>The four facts every run states: how it was started, when, on what device, and how long it took.</summary>
    public HtmlReport AddRunMetadata(string command, DateTimeOffset started, string device, TimeSpan elapsed) =>
        AddMetadata("Command", command)
            .AddMetadata("Date", started.ToString("yyyy-MM-dd HH:mm:ss zzz", CultureInfo.InvariantCulture))
            .AddMetadata("Device", device)
            .AddMetadata("Time taken", FormatDuration(elapsed));

    /// <param name="level">2 for sections, 3 and 4 below them (the title is the only level 1).</param>
    public HtmlReport AddHeading(string text, int level = 2)
    {
        level = Math.Clamp(level, 2, 4);
        blocks.Add($"<h{level}>{WebUtility.HtmlEncode(text)}</h{level}>");
        return this;
    }

    /// <summary>Plain text with **bold** and `code`; a blank line starts a new paragraph.</summary>
    public HtmlReport AddParagraph(string text)
    {
        foreach (var paragraph in text.Replace("\r\n", "\n").Split("\n\n", StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            blocks.Add($"<p>{InlineMarkup.ToHtml(paragraph)}</p>");
        }

        return this;
    }

    public HtmlReport AddBulletList(IEnumerable<string> items)
    {
        blocks.Add("<ul>" + string.Concat(items.Select(i => $"<li>{InlineMarkup.ToHtml(i)}</li>")) + "</ul>");
        return this;
    }

    /// <summary>A table; numbers are right-aligned and shortened to four significant digits, null cells stay empty.</summary>
    public HtmlReport AddTable(IReadOnlyList<string> headers, IEnumerable<IReadOnlyList<object?>> rows, string? caption = null)
    {
        var html = new StringBuilder("<table>");
        if (!string.IsNullOrEmpty(caption))
        {
            html.Append($"<caption>{InlineMarkup.ToHtml(caption)}</caption>");
        }

        html.Append("<thead><tr>").AppendJoin("", headers.Select(h => $"<th>{WebUtility.HtmlEncode(h)}</th>")).Append("</tr></thead><tbody>");
        foreach (var row in rows)
        {
            html.Append("<tr>");
            foreach (var cell in row)
            {
                var (text, isNumber) = FormatCell(cell);
                html.Append(isNumber ? "<td class=\"num\">" : "<td>").Append(WebUtility.HtmlEncode(text)).Append("</td>");
            }

            html.Append("</tr>");
        }

        blocks.Add(html.Append("</tbody></table>").ToString());
        return this;
    }

    /// <summary>The chart in the page itself, as a PNG data URI (no file needed; an inline SVG's clip-path ids would clash with other charts').</summary>
    public HtmlReport AddChart(Chart chart, string? caption = null)
    {
        string alt = WebUtility.HtmlEncode(caption ?? chart.Title);
        blocks.Add($"<figure class=\"chart\"><img src=\"data:image/png;base64,{Convert.ToBase64String(chart.ToPng())}\" alt=\"{alt}\" width=\"{chart.Width}\">{Caption(caption)}</figure>");
        return this;
    }

    /// <summary>SVG markup placed inline; it is trusted as is, unlike every other text.</summary>
    public HtmlReport AddSvg(string svg, string? caption = null)
    {
        blocks.Add($"<figure class=\"chart\">{svg}{Caption(caption)}</figure>");
        return this;
    }

    /// <summary>A figure or image file (PNG, JPEG or SVG) by its path relative to the report, e.g. the value <see cref="RunFolder.SaveFigure"/> returns.</summary>
    public HtmlReport AddImage(string relativePath, string? caption = null, string? altText = null)
    {
        blocks.Add($"<figure>{ImageTag(relativePath, altText ?? caption)}{Caption(caption)}</figure>");
        return this;
    }

    /// <summary>
    /// A video (MP4) by its path relative to the report, playing in a loop, with a still or animated image shown where
    /// the browser cannot play it (or when <paramref name="videoPath"/> is null, only that image).
    /// </summary>
    public HtmlReport AddVideo(string? videoPath, string fallbackImagePath, string? caption = null)
    {
        var image = ImageTag(fallbackImagePath, caption);
        if (videoPath == null)
        {
            blocks.Add($"<figure>{image}{Caption(caption)}</figure>");
            return this;
        }

        var url = RelativeUrl(videoPath);
        blocks.Add($"<figure><video src=\"{url}\" controls loop autoplay muted playsinline>{image}</video>{Caption(caption)}</figure>");
        return this;
    }

    /// <summary>Several images side by side, each with its own caption, under one shared caption.</summary>
    public HtmlReport AddGallery(IEnumerable<(string RelativePath, string Caption)> images, string? caption = null)
    {
        var items = images.Select(i => $"<figure>{ImageTag(i.RelativePath, i.Caption)}<figcaption>{InlineMarkup.ToHtml(i.Caption)}</figcaption></figure>");
        blocks.Add($"<figure><div class=\"gallery\">{string.Concat(items)}</div>{Caption(caption)}</figure>");
        return this;
    }

    public string ToHtml()
    {
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
            .Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
            .Append($"<title>{WebUtility.HtmlEncode(Title)}</title>\n<style>\n{Style}\n</style>\n</head>\n<body>\n<main>\n")
            .Append($"<h1>{WebUtility.HtmlEncode(Title)}</h1>\n");
        if (metadata.Count > 0)
        {
            html.Append("<table class=\"metadata\"><tbody>");
            foreach (var (name, value) in metadata)
            {
                html.Append($"<tr><th>{WebUtility.HtmlEncode(name)}</th><td>{WebUtility.HtmlEncode(value)}</td></tr>");
            }

            html.Append("</tbody></table>\n");
        }

        foreach (var block in blocks)
        {
            html.Append(block).Append('\n');
        }

        return html.Append("<footer>Generated by IlgpuNet.</footer>\n</main>\n</body>\n</html>\n").ToString();
    }

    /// <summary>Writes the report (temporary file, then rename) after checking that every referenced file exists beside it.</summary>
    public void Save(string path)
    {
        var folder = Path.GetDirectoryName(Path.GetFullPath(path)) ?? ".";
        var missing = referencedFiles.Where(f => !File.Exists(Path.Combine(folder, f))).ToList();
        if (missing.Count > 0)
        {
            throw new FileNotFoundException($"report {path} links to files that do not exist: {string.Join(", ", missing)}");
        }

        AtomicFile.WriteAllText(path, ToHtml());
    }

    internal static string FormatDuration(TimeSpan elapsed) => elapsed.TotalSeconds switch
    {
        < 60 => elapsed.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture) + " s",
        < 3600 => $"{(int)elapsed.TotalMinutes} min {elapsed.Seconds:D2} s",
        _ => $"{(int)elapsed.TotalHours} h {elapsed.Minutes:D2} min",
    };

    private static (string Text, bool IsNumber) FormatCell(object? cell) => cell switch
    {
        null => ("", false),
        double d => (NumberFormat.Short(d), true),
        float f => (NumberFormat.Short(f), true),
        decimal m => (NumberFormat.Short((double)m), true),
        int or long or short or byte or uint or ulong => (Convert.ToString(cell, CultureInfo.InvariantCulture) ?? "", true),
        TimeSpan t => (FormatDuration(t), true),
        IFormattable formattable => (formattable.ToString(null, CultureInfo.InvariantCulture), false),
        _ => (cell.ToString() ?? "", false),
    };

    private string ImageTag(string relativePath, string? altText)
    {
        var url = RelativeUrl(relativePath);
        var normalized = relativePath.Replace('\\', '/');
        // Pixel data (images/) stays blocky when enlarged; charts (figures/, SVG) are drawn for their size and scale smoothly.
        bool chart = normalized.StartsWith(RunFolder.FiguresFolder + "/", StringComparison.Ordinal) || normalized.EndsWith(".svg", StringComparison.OrdinalIgnoreCase);
        string rasterClass = chart ? "" : " class=\"raster\"";
        return $"<img src=\"{url}\" alt=\"{WebUtility.HtmlEncode(altText ?? Path.GetFileName(normalized))}\"{rasterClass}>";
    }

    // Checks the path is relative, records it for Save's existence check, and escapes it for a src attribute.
    private string RelativeUrl(string relativePath)
    {
        if (Path.IsPathRooted(relativePath))
        {
            throw new ArgumentException($"report images must be relative to the report's folder so the run folder can move, got {relativePath}");
        }

        var normalized = relativePath.Replace('\\', '/');
        referencedFiles.Add(normalized);
        return string.Join('/', normalized.Split('/').Select(Uri.EscapeDataString));
    }

    private string Caption(string? caption)
    {
        figureNumber++;
        return $"<figcaption><b>Figure {figureNumber}.</b> {InlineMarkup.ToHtml(caption ?? "")}</figcaption>";
    }
}
