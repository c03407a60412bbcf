using IlgpuNet.Data.Imaging;

namespace IlgpuNet.Tests.Projects;

/// <summary>
/// Small ImageFolder data sets (root/train/&lt;class&gt;/*.jpg, root/test/&lt;class&gt;/*.jpg) that the tests write, as
/// 15-Scene ships: grayscale JPEGs (baseline: ImageSharp writes no progressive ones; tests/Data reads PIL's progressive
/// files). Class c is a stripe pattern of its own orientation and frequency over
/// noise, so a network learns it in a few steps.
/// </summary>
internal static class TinyImageFolder
{
    public static string[] ClassNames(int classes) => Enumerable.Range(0, classes).Select(c => $"Class{(char)('A' + c)}").ToArray();

    public static void Write(string root, int classes, int trainPerClass, int testPerClass, int side = 64, int seed = 1)
    {
        var random = new Random(seed);
        foreach (var (split, count) in new[] { ("train", trainPerClass), ("test", testPerClass) })
        {
            for (int c = 0; c < classes; c++)
            {
                string folder = Path.Combine(root, split, ClassNames(classes)[c]);
                Directory.CreateDirectory(folder);
                for (int i = 0; i < count; i++)
                {
                    ImageFile.Write(Path.Combine(folder, $"image_{i:D4}.jpg"), Stripes(c, side + 7 * (i % 3), side, random), quality: 90);
                }
            }
        }
    }

    private static ByteImage Stripes(int label, int width, int height, Random random)
    {
        var image = new ByteImage(width, height, 1);
        double angle = Math.PI * label / 7, period = 6 + 2 * (label % 3);
        for (int y = 0; y < height; y++)
        {
            for (int x = 0; x < width; x++)
            {
                double phase = (x * Math.Cos(angle) + y * Math.Sin(angle)) / period;
                image.At(x, y, 0) = (byte)Math.Clamp(128 + 90 * Math.Sin(2 * Math.PI * phase) + random.Next(-30, 30), 0, 255);
            }
        }

        return image;
    }
}
