using IlgpuNet.Data.Imaging;

namespace IlgpuNet.Reporting;

/// <summary>
/// A map in [0, 1] of an image's size (saliency, Grad-CAM) laid over the image: the image in gray, blended with the
/// map's colour where the map is high, so what the network looked at shows in colour and the scene stays readable.
/// </summary>
public static class HeatmapOverlay
{
    /// <param name="map">Row-major values in [0, 1], <paramref name="image"/>'s width × height.</param>
    /// <param name="opacity">How much of the colour a map value of 1 contributes.</param>
    public static ByteImage Render(ByteImage image, ReadOnlySpan<float> map, Colormap colormap = Colormap.Viridis, double opacity = 0.6)
    {
        int area = image.Width * image.Height;
        if (map.Length != area)
        {
            throw new ArgumentException($"a {image.Width}×{image.Height} image needs a map of {area} values, got {map.Length}");
        }

        var gray = image.ToGray();
        var result = new ByteImage(image.Width, image.Height, 3);
        for (int i = 0; i < area; i++)
        {
            double value = Math.Clamp(map[i], 0f, 1f), weight = opacity * value;
            var color = Colormaps.Map(colormap, value);
            byte background = gray.Pixels[i];
            result.Pixels[(i * 3) + 0] = Blend(background, color.R, weight);
            result.Pixels[(i * 3) + 1] = Blend(background, color.G, weight);
            result.Pixels[(i * 3) + 2] = Blend(background, color.B, weight);
        }

        return result;
    }

    /// <summary>The map alone through <paramref name="colormap"/> (0 dark, 1 bright).</summary>
    public static ByteImage MapOnly(ReadOnlySpan<float> map, int width, int height, Colormap colormap = Colormap.Viridis) =>
        MosaicTiles.MappedTile(map, height, width, colormap, (0f, 1f));

    private static byte Blend(byte background, byte color, double weight) => (byte)Math.Round((1 - weight) * background + weight * color);
}
