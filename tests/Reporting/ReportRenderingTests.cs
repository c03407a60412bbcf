using System.Text.RegularExpressions;
using IlgpuNet.Reporting;

namespace IlgpuNet.Tests.Reporting;

public partial class ReportRenderingTests
{
    // Test-only probe, never in production reports: after load, mark each <img> with whether it decoded to a real image.
    private const string LoadProbe = """
        <script>
        window.addEventListener('load', () => {
          for (const img of document.images) img.setAttribute('data-loaded', img.complete && img.naturalWidth > 0 ? 'yes' : 'no');
          document.body.setAttribute('data-probe', 'done');
        });
        </script>
        """;

    /// <summary>An image the report cannot load, so the probe is seen to fail when a figure is missing.</summary>
    private const string BrokenControl = "<img data-control=\"broken\" src=\"figures/deliberately-missing.svg\" alt=\"control\">";

    [ChromiumFact]
    public void Report_InHeadlessChromium_EveryFigureLoads()
    {
        Assert.True(Chromium.Executable != null, "CI=true but Chromium is not installed: run `make deps`");
        using var temp = new TemporaryDirectory();
        // ILGPUNET_SAMPLE_REPORT=DIR keeps the sample run folder and a screenshot of it there, to look at by eye.
        var keep = Environment.GetEnvironmentVariable("ILGPUNET_SAMPLE_REPORT");
        var run = RunFolder.Create(string.IsNullOrEmpty(keep) ? Path.Combine(temp.Path, "run") : keep);
        var report = SampleReport.Build(run);
        run.SaveReport(report);

        var probePage = Path.Combine(run.Root, "report-probe.html");
        File.WriteAllText(probePage, report.ToHtml().Replace("</body>", BrokenControl + LoadProbe + "</body>"));
        string dom = Chromium.DumpDom(probePage, Path.Combine(temp.Path, "profile"));
        File.Delete(probePage);

        Assert.Contains("data-probe=\"done\"", dom);
        var images = ImageTag().Matches(dom).Select(m => m.Value).ToList();
        Assert.Equal(report.ReferencedFiles.Count + 1 + 2, images.Count); // files, the broken control, the two inline confusion matrices
        var control = Assert.Single(images, i => i.Contains("data-control=\"broken\""));
        Assert.Contains("data-loaded=\"no\"", control);
        Assert.All(images.Where(i => i != control), i => Assert.Contains("data-loaded=\"yes\"", i));
        Assert.Equal(2, images.Count(i => i.Contains("src=\"data:image/png;base64,")));

        if (!string.IsNullOrEmpty(keep))
        {
            Chromium.Screenshot(run.ReportPath, Path.Combine(run.Root, "report-screenshot.png"), Path.Combine(temp.Path, "profile"));
        }
    }

    [GeneratedRegex("<img [^>]*>")]
    private static partial Regex ImageTag();
}
