using IlgpuNet.Data;
using IlgpuNet.Data.Imaging;

namespace IlgpuNet.Tests.Projects.SuperResolution;

/// <summary>Small images the super-resolution tests write for themselves: textured colour pictures and SelfExSR-layout test sets.</summary>
internal static class SrTestData
{
    /// <summary>A colour image with smooth shading, stripes of a random frequency and a bright rectangle.</summary>
    public static ByteImage Picture(int width, int height, int seed)
    {
        var random = new Random(seed);
        double frequency = 0.3 + random.NextDouble(), phase = random.NextDouble() * 6;
        int left = random.Next(width / 2), top = random.Next(height / 2);
        var image = new ByteImage(width, height, 3);
        for (int y = 0; y < height; y++)
        {
            for (int x = 0; x < width; x++)
            {
                bool inside = x >= left && x < left + width / 3 && y >= top && y < top + height / 3;
                double stripes = 60 * Math.Sin(frequency * (x + 0.5 * y) + phase);
                for (int c = 0; c < 3; c++)
                {
                    double value = inside ? 230 - 20 * c : 90 + 40 * c * x / width + stripes + 50.0 * y / height;
                    image.At(x, y, c) = FloatImage.ToByte(value);
                }
            }
        }

        return image;
    }

    /// <summary>Writes <paramref name="count"/> pictures as PNG into <paramref name="folder"/> (img_001.png, ...).</summary>
    public static string ImageFolder(string folder, int count, int size)
    {
        Directory.CreateDirectory(folder);
        for (int i = 1; i <= count; i++)
        {
            ImageFile.Write(Path.Combine(folder, $"img_{i:D3}.png"), Picture(size, size, seed: i));
        }

        return folder;
    }

    /// <summary>A SelfExSR-layout set: root/image_SRF_s/img_00N_SRF_s_{HR,LR}.png, LR by MATLAB-bicubic downscaling.</summary>
    public static string SelfExSrSet(string root, int scale, int count, int size)
    {
        string folder = Path.Combine(root, $"image_SRF_{scale}");
        Directory.CreateDirectory(folder);
        for (int i = 1; i <= count; i++)
        {
            var highRes = Picture(size, size, seed: 100 + i);
            ImageFile.Write(Path.Combine(folder, $"img_{i:D3}_SRF_{scale}_HR.png"), highRes);
            ImageFile.Write(Path.Combine(folder, $"img_{i:D3}_SRF_{scale}_LR.png"), ImageResize.Resize(highRes, 1.0 / scale, ResizeMethod.Bicubic));
        }

        return root;
    }
}
