using System.Text.RegularExpressions;
using System.Xml.Linq;
using IlgpuNet.Data.Imaging;
using IlgpuNet.Reporting;

namespace IlgpuNet.Tests.Reporting;

public class HtmlReportTests
{
    private const string Attack = "<script>alert('x')</script>";

    [Fact]
    public void HtmlReport_UserText_StaysTextEverywhere()
    {
        var report = new HtmlReport(Attack)
            .AddMetadata("Command", Attack)
            .AddHeading(Attack)
            .AddParagraph(Attack)
            .AddTable(["name", Attack], [[Attack, 1.0]], caption: Attack)
            .AddChart(new LineChart { Title = Attack }.Add(Attack, [1.0, 2.0]), caption: Attack)
            .AddImage("images/a.png", caption: Attack);

        string html = report.ToHtml();

        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("&lt;script&gt;", html);
    }

    [Fact]
    public void HtmlReport_Markup_BoldAndCodeOnly()
    {
        string html = new HtmlReport("t").AddParagraph("**Adam** beats `lr<0.1` by 2%\n\nsecond").ToHtml();

        Assert.Contains("<p><strong>Adam</strong> beats <code>lr&lt;0.1</code> by 2%</p>", html);
        Assert.Contains("<p>second</p>", html);
    }

    [Fact]
    public void HtmlReport_Table_FormatsNumbersAndRightAlignsThem()
    {
        string html = new HtmlReport("t").AddTable(["model", "accuracy", "params", "loss"], [["resnet18", 0.923456, 11689512, 1.5e-7]]).ToHtml();

        Assert.Contains("<td>resnet18</td><td class=\"num\">0.9235</td><td class=\"num\">11689512</td><td class=\"num\">1.5e-7</td>", html);
    }

    [Fact]
    public void HtmlReport_Save_RefusesLinksToMissingFilesAndWritesWhenTheyExist()
    {
        using var temp = new TemporaryDirectory();
        var run = RunFolder.Create(temp.Path);
        var report = new HtmlReport("run")
            .AddImage(run.SaveFigure(new BarChart(["a"]).Add("s", [1.0]), "bars.svg"), "bars")
            .AddImage(run.SaveImage(new ByteImage(3, 3, 3), "grid 1.png"), "grid")
            .AddImage("figures/never-written.svg", "missing");

        var error = Assert.Throws<FileNotFoundException>(() => run.SaveReport(report));
        Assert.Contains("figures/never-written.svg", error.Message);
        Assert.False(File.Exists(run.ReportPath));

        var complete = new HtmlReport("run").AddImage("figures/bars.svg").AddImage("images/grid 1.png");
        run.SaveReport(complete);
        Assert.All(complete.ReferencedFiles, f => Assert.True(File.Exists(Path.Combine(run.Root, f))));
        Assert.Contains("src=\"images/grid%201.png\"", File.ReadAllText(run.ReportPath));
    }

    [Fact]
    public void HtmlReport_Video_LoopsWithTheImageAsFallbackAndBothMustExist()
    {
        var report = new HtmlReport("t").AddVideo("videos/orbit 1.mp4", "videos/orbit.png", "orbit").AddVideo(null, "videos/still.png", "no mp4");
        string html = report.ToHtml();

        Assert.Contains("<video src=\"videos/orbit%201.mp4\" controls loop autoplay muted playsinline><img src=\"videos/orbit.png\"", html);
        Assert.Contains("<figure><img src=\"videos/still.png\"", html);
        Assert.Equal(["videos/orbit 1.mp4", "videos/orbit.png", "videos/still.png"], report.ReferencedFiles.Order());
        Assert.Throws<ArgumentException>(() => new HtmlReport("t").AddVideo("/abs/orbit.mp4", "orbit.png"));
    }

    [Fact]
    public void HtmlReport_IsWellFormedAndSelfContained()
    {
        var report = new HtmlReport("Quick start")
            .AddRunMetadata("ilgpunet quickstart --epochs 2", new DateTimeOffset(2025, 1, 2, 3, 4, 5, TimeSpan.Zero), "cpu", TimeSpan.FromSeconds(75))
            .AddHeading("Results")
            .AddChart(Heatmap.ConfusionMatrix(new[,] { { 1, 2 }, { 3, 4 } }, ["a", "b"]), "confusion");

        string html = report.ToHtml();
        // Void elements aside, the page is XML-shaped: parsing it catches unbalanced tags.
        var document = XDocument.Parse(Regex.Replace(html.Replace("<!DOCTYPE html>", "").Replace("<meta charset=\"utf-8\">", "<meta charset=\"utf-8\"/>")
            .Replace("initial-scale=1\">", "initial-scale=1\"/>"), "(<img [^>]*)>", "$1/>"));

        Assert.NotNull(document.Root);
        Assert.Contains("1 min 15 s", html);
        Assert.Contains("2025-01-02 03:04:05 +00:00", html);
        Assert.DoesNotContain("http://", html.Replace("http://www.w3.org/2000/svg", ""));
        Assert.DoesNotContain("https://", html);
        Assert.Contains("<img src=\"data:image/png;base64,iVBORw0KGgo", html); // the chart inline, as PNG
    }
}
