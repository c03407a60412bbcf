using IlgpuNet.Data.Imaging;
using IlgpuNet.Reporting;

namespace IlgpuNet.Tests.Reporting;

public class BoxOverlayTests
{
    private static Rgb Pixel(ByteImage image, int x, int y) => new(image.At(x, y, 0), image.At(x, y, 1), image.At(x, y, 2));

    [Fact]
    public void Render_ScaledImage_OutlinesTheBoxAndWritesItsLabelOnAStripAbove()
    {
        var grey = new ByteImage(40, 30, 1);
        Array.Fill(grey.Pixels, (byte)128);
        var red = new Rgb(230, 20, 20);
        var image = new BoxOverlay(grey, scale: 2) { LineWidth = 2, FontSize = 10 }.Add(10, 12, 30, 28, "cat 0.93", red).Render();

        Assert.Equal((80, 60, 3), (image.Width, image.Height, image.Channels));
        Assert.Equal(new Rgb(128, 128, 128), Pixel(image, 5, 50));    // outside the box: the image, enlarged
        Assert.Equal(new Rgb(128, 128, 128), Pixel(image, 40, 40));   // inside the box
        Assert.Equal(red, Pixel(image, 20, 40));                      // left edge at x = 10 * 2
        Assert.Equal(red, Pixel(image, 59, 40));                      // right edge ends at x = 30 * 2
        Assert.Equal(red, Pixel(image, 40, 55));                      // bottom edge ends at y = 28 * 2

        // the strip sits on the box's top (y = 24), in the box's colour, with light text drawn on it
        int stripTop = 24 - (int)Math.Ceiling(10 * 1.3) - 2;
        var strip = Enumerable.Range(stripTop, 24 - stripTop).SelectMany(y => Enumerable.Range(20, 30).Select(x => Pixel(image, x, y))).ToList();
        Assert.True(strip.Count(p => p == red) > strip.Count / 2, "the label strip is not in the box's colour");
        Assert.Contains(strip, p => p.R > 200 && p.G > 150 && p.B > 150);
        Assert.Equal(new Rgb(128, 128, 128), Pixel(image, 20, stripTop - 1));
    }

    [Fact]
    public void Render_BoxAtTheTop_PutsTheLabelInsideIt()
    {
        var black = new ByteImage(40, 40, 3);
        var yellow = new Rgb(250, 220, 40);
        var image = new BoxOverlay(black) { FontSize = 10 }.Add(0, 0, 39, 39, "dog", yellow).Render();

        var strip = Enumerable.Range(2, 10).SelectMany(y => Enumerable.Range(2, 10).Select(x => Pixel(image, x, y))).ToList();
        Assert.Contains(strip, p => p == yellow);
        Assert.Contains(strip, p => p.R < 100 && p.G < 100);   // dark text on a light strip
    }
}
