using System.Text;
using static IlgpuNet.Reporting.NumberFormat;

namespace IlgpuNet.Reporting;

/// <summary>Writes SVG elements with escaped text and compact invariant numbers; charts never concatenate raw markup.</summary>
internal sealed class SvgBuilder
{
    public const string FontFamily = "DejaVu Sans, Helvetica, Arial, sans-serif";

    private readonly StringBuilder text = new();

    public SvgBuilder(double width, double height)
    {
        string w = Coordinate(width);
        string h = Coordinate(height);
        text.Append($"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{w}\" height=\"{h}\" viewBox=\"0 0 {w} {h}\" ")
            .Append($"font-family=\"{FontFamily}\" font-size=\"12\">\n");
        Rect(0, 0, width, height, "#ffffff", className: "background");
    }

    /// <summary>Approximate rendered width of <paramref name="label"/>: layout has no font metrics, and DejaVu Sans averages about 0.6 em per character.</summary>
    public static double TextWidth(string label, double fontSize) => label.Length * fontSize * 0.6;

    public static string Escape(string value) => value
        .Replace("&", "&amp;")
        .Replace("<", "&lt;")
        .Replace(">", "&gt;")
        .Replace("\"", "&quot;")
        .Replace("'", "&#39;");

    public void Rect(double x, double y, double width, double height, string fill, string? stroke = null, string? className = null, string? tooltip = null, string? dataValue = null)
    {
        text.Append($"<rect x=\"{Coordinate(x)}\" y=\"{Coordinate(y)}\" width=\"{Coordinate(Math.Max(width, 0))}\" height=\"{Coordinate(Math.Max(height, 0))}\" fill=\"{fill}\"");
        if (stroke != null)
        {
            text.Append($" stroke=\"{stroke}\"");
        }

        AppendClassAndData(className, dataValue);
        CloseWithTooltip("rect", tooltip);
    }

    public void Line(double x1, double y1, double x2, double y2, string stroke, double strokeWidth = 1, string? className = null, string? dash = null)
    {
        text.Append($"<line x1=\"{Coordinate(x1)}\" y1=\"{Coordinate(y1)}\" x2=\"{Coordinate(x2)}\" y2=\"{Coordinate(y2)}\" stroke=\"{stroke}\" stroke-width=\"{Coordinate(strokeWidth)}\"");
        if (dash != null)
        {
            text.Append($" stroke-dasharray=\"{dash}\"");
        }

        AppendClassAndData(className, null);
        text.Append("/>\n");
    }

    /// <summary>An open path through several polylines (one per run of finite points), drawn as one element per series.</summary>
    public void Polylines(IEnumerable<IReadOnlyList<(double X, double Y)>> runs, string stroke, double strokeWidth, string? className = null, string? tooltip = null)
    {
        var d = new StringBuilder();
        foreach (var run in runs)
        {
            for (int i = 0; i < run.Count; i++)
            {
                d.Append(i == 0 ? 'M' : 'L').Append(Coordinate(run[i].X)).Append(' ').Append(Coordinate(run[i].Y)).Append(' ');
            }
        }

        text.Append($"<path d=\"{d.ToString().TrimEnd()}\" fill=\"none\" stroke=\"{stroke}\" stroke-width=\"{Coordinate(strokeWidth)}\" stroke-linejoin=\"round\" stroke-linecap=\"round\"");
        AppendClassAndData(className, null);
        CloseWithTooltip("path", tooltip);
    }

    public void Circle(double cx, double cy, double radius, string fill, string? className = null)
    {
        text.Append($"<circle cx=\"{Coordinate(cx)}\" cy=\"{Coordinate(cy)}\" r=\"{Coordinate(radius)}\" fill=\"{fill}\"");
        AppendClassAndData(className, null);
        text.Append("/>\n");
    }

    /// <summary>Text anchored at (x, y); <paramref name="anchor"/> is start, middle or end; <paramref name="rotate"/> turns it about the anchor point.</summary>
    public void Text(double x, double y, string label, double fontSize, string anchor = "start", string? className = null,
        string fill = "#222222", bool bold = false, double rotate = 0, string baseline = "auto")
    {
        text.Append($"<text x=\"{Coordinate(x)}\" y=\"{Coordinate(y)}\" font-size=\"{Coordinate(fontSize)}\" text-anchor=\"{anchor}\" fill=\"{fill}\"");
        if (baseline != "auto")
        {
            text.Append($" dominant-baseline=\"{baseline}\"");
        }

        if (bold)
        {
            text.Append(" font-weight=\"bold\"");
        }

        if (rotate != 0)
        {
            text.Append($" transform=\"rotate({Coordinate(rotate)} {Coordinate(x)} {Coordinate(y)})\"");
        }

        AppendClassAndData(className, null);
        text.Append('>').Append(Escape(label)).Append("</text>\n");
    }

    public void OpenGroup(string className) => text.Append($"<g class=\"{className}\">\n");

    public void CloseGroup() => text.Append("</g>\n");

    public override string ToString() => text + "</svg>\n";

    private void AppendClassAndData(string? className, string? dataValue)
    {
        if (className != null)
        {
            text.Append($" class=\"{className}\"");
        }

        if (dataValue != null)
        {
            text.Append($" data-value=\"{Escape(dataValue)}\"");
        }
    }

    private void CloseWithTooltip(string element, string? tooltip)
    {
        if (tooltip == null)
        {
            text.Append("/>\n");
            return;
        }

        // A <title> child is what browsers show on hover: the exact value behind a bar or a cell.
        text.Append("><title>").Append(Escape(tooltip)).Append("</title></").Append(element).Append(">\n");
    }
}
