using IlgpuNet.Data.Imaging;

namespace IlgpuNet.Tests.Projects.Colourization;

/// <summary>
/// Small colour images the colourization tests write: image i is split into a left and a right half of two of a few
/// saturated colours, with mild noise, so grey levels map to colours a network can learn in a few steps.
/// </summary>
internal static class ColourTestImages
{
    private static readonly (byte R, byte G, byte B)[] Colours = [(220, 40, 30), (30, 160, 60), (40, 60, 200), (230, 210, 40)];

    public static ByteImage Image(int index, int width, int height, int seed = 0)
    {
        var random = new Random(seed * 1000 + index);
        var image = new ByteImage(width, height, 3);
        var (left, right) = (Colours[index % Colours.Length], Colours[(index + 1) % Colours.Length]);
        for (int y = 0; y < height; y++)
        {
            for (int x = 0; x < width; x++)
            {
                var (r, g, b) = x < width / 2 ? left : right;
                int noise = random.Next(-6, 7);
                image.At(x, y, 0) = (byte)Math.Clamp(r + noise, 0, 255);
                image.At(x, y, 1) = (byte)Math.Clamp(g + noise, 0, 255);
                image.At(x, y, 2) = (byte)Math.Clamp(b + noise, 0, 255);
            }
        }

        return image;
    }

    /// <summary>root/sr/train-BSD100-HR/img_NNN.png, where the locator finds the stand-in's images under --data root.</summary>
    public static string WriteStandInFolder(string root, int count, int width = 64, int height = 96)
    {
        string folder = Path.Combine(root, "sr", "train-BSD100-HR");
        Directory.CreateDirectory(folder);
        for (int i = 0; i < count; i++)
        {
            ImageFile.Write(Path.Combine(folder, $"img_{i + 1:D3}.png"), Image(i, width, height));
        }

        return folder;
    }
}
