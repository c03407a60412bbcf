using IlgpuNet.Data.Imaging;
using IlgpuNet.Reporting;

namespace IlgpuNet.Tests.Reporting;

public class HeatmapOverlayTests
{
    [Fact]
    public void Render_ZeroKeepsTheImageInGray_OneBlendsInTheMapColour()
    {
        var image = new ByteImage(2, 1, 3, [200, 100, 0, /* */ 10, 20, 30]);
        var top = Colormaps.Map(Colormap.Viridis, 1);

        var overlay = HeatmapOverlay.Render(image, [0f, 1f], Colormap.Viridis, opacity: 0.5);

        byte gray0 = image.ToGray().Pixels[0], gray1 = image.ToGray().Pixels[1];
        Assert.Equal(new[] { gray0, gray0, gray0 }, overlay.Pixels[..3]);
        Assert.Equal(new[] { Mix(gray1, top.R), Mix(gray1, top.G), Mix(gray1, top.B) }, overlay.Pixels[3..]);
    }

    [Fact]
    public void Render_MapOfAnotherSize_IsRefused()
    {
        var error = Assert.Throws<ArgumentException>(() => HeatmapOverlay.Render(new ByteImage(4, 4, 1), new float[15]));
        Assert.Contains("needs a map of 16 values", error.Message);
    }

    [Fact]
    public void MapOnly_GoesFromTheDarkToTheBrightEndOfTheColormap()
    {
        var tile = HeatmapOverlay.MapOnly([0f, 1f], 2, 1, Colormap.Gray);

        Assert.Equal(new byte[] { 0, 0, 0, 255, 255, 255 }, tile.Pixels);
    }

    private static byte Mix(byte background, byte colour) => (byte)Math.Round(0.5 * background + 0.5 * colour);
}
