using System.Text.Json;
using System.Text.Json.Serialization;
using IlgpuNet.Data;
using IlgpuNet.Data.Imaging;
using IlgpuNet.Reporting;
using IlgpuNet.Tensors.IO;
using IlgpuNet.Training;

namespace IlgpuNet.Colourization;

/// <summary>
/// The colour classes: k centroids in RGB ([0, 1] per channel) found by <see cref="KMeans"/> over pixels drawn
/// uniformly (seeded, with replacement) from the training images, sorted by luma so that neighbouring classes look
/// alike. A pixel's class is its nearest centroid. Saved to and read from the run folder's palette.json, so a resumed
/// run keeps the classes its checkpoints were trained with.
/// </summary>
public sealed class ColourPalette
{
    public const string FileName = "palette.json";

    private readonly float[] centres;

    private ColourPalette(float[] centres, PaletteFile file)
    {
        this.centres = centres;
        SampledPixels = file.SampledPixels;
        Iterations = file.Iterations;
        Seed = file.Seed;
    }

    public int Count => centres.Length / 3;

    /// <summary>Training pixels the k-means ran on.</summary>
    public int SampledPixels { get; }

    /// <summary>Lloyd iterations until no pixel changed cluster.</summary>
    public int Iterations { get; }

    public int Seed { get; }

    /// <summary>Centroid <paramref name="index"/> as (r, g, b) in [0, 1].</summary>
    public (float R, float G, float B) this[int index] => (centres[3 * index], centres[3 * index + 1], centres[3 * index + 2]);

    /// <summary>k-means over <paramref name="samplePixels"/> pixels drawn from <paramref name="images"/> (RGB).</summary>
    public static ColourPalette Fit(IReadOnlyList<ByteImage> images, int colours, int samplePixels, ulong seed)
    {
        long total = images.Sum(image => (long)image.Width * image.Height);
        if (images.Count == 0 || total < colours)
        {
            throw new ArgumentException($"k-means over {total} training pixels cannot find {colours} colours");
        }

        foreach (var image in images)
        {
            RequireRgb(image);
        }

        int draws = (int)Math.Min(samplePixels, total);
        int kmeansSeed = SampleSeed.For(seed, 0, 0);
        var random = new Random(kmeansSeed);
        var points = new float[draws * 3];
        for (int i = 0; i < draws; i++)
        {
            var image = images[random.Next(images.Count)];
            int pixel = random.Next(image.Width * image.Height);
            for (int c = 0; c < 3; c++)
            {
                points[3 * i + c] = image.Pixels[3 * pixel + c] / 255f;
            }
        }

        var result = KMeans.Fit(points, 3, colours, kmeansSeed);
        var sorted = Enumerable.Range(0, colours).OrderBy(c => Luma(result.Centre(c))).SelectMany(c => result.Centre(c).ToArray()).ToArray();
        return new ColourPalette(sorted, new PaletteFile(kmeansSeed, draws, result.Iterations, []));
    }

    /// <summary>The class of every pixel of an RGB image, row by row.</summary>
    public byte[] Classes(ByteImage image)
    {
        RequireRgb(image);
        var classes = new byte[image.Width * image.Height];
        Span<float> pixel = stackalloc float[3];
        for (int i = 0; i < classes.Length; i++)
        {
            for (int c = 0; c < 3; c++)
            {
                pixel[c] = image.Pixels[3 * i + c] / 255f;
            }

            classes[i] = (byte)KMeans.Nearest(pixel, centres);
        }

        return classes;
    }

    /// <summary>An RGB image whose pixels are the centroids of <paramref name="classes"/> (row by row).</summary>
    public ByteImage Paint(ReadOnlySpan<byte> classes, int width, int height)
    {
        var image = new ByteImage(width, height, 3);
        for (int i = 0; i < width * height; i++)
        {
            for (int c = 0; c < 3; c++)
            {
                image.Pixels[3 * i + c] = FloatImage.ToByte(centres[3 * classes[i] + c] * 255.0);
            }
        }

        return image;
    }

    /// <summary>Writes palette.json into the run folder; returns its path.</summary>
    public string Save(RunFolder run)
    {
        var colours = Enumerable.Range(0, Count).Select(i => new[] { centres[3 * i], centres[3 * i + 1], centres[3 * i + 2] }).ToArray();
        return run.SaveJson(FileName, new PaletteFile(Seed, SampledPixels, Iterations, colours));
    }

    /// <exception cref="InvalidFileException">The file is not a palette this program wrote; the message names it.</exception>
    public static ColourPalette Load(string path)
    {
        PaletteFile? file;
        try
        {
            file = JsonSerializer.Deserialize<PaletteFile>(File.ReadAllText(path));
        }
        catch (JsonException error)
        {
            throw new InvalidFileException(path, $"not a colour palette ({error.Message})", error);
        }

        if (file?.Colours is not { Length: > 0 } colours || colours.Any(c => c.Length != 3 || c.Any(v => !(v >= 0 && v <= 1))))
        {
            throw new InvalidFileException(path, "a palette needs one or more colours, each three values in [0, 1]");
        }

        return new ColourPalette(colours.SelectMany(c => c).ToArray(), file);
    }

    private static double Luma(ReadOnlySpan<float> rgb) => 0.299 * rgb[0] + 0.587 * rgb[1] + 0.114 * rgb[2];

    internal static void RequireRgb(ByteImage image)
    {
        if (image.Channels != 3)
        {
            throw new ArgumentException($"expected an RGB image, got {image.Channels} channels");
        }
    }

    private sealed record PaletteFile(
        [property: JsonPropertyName("seed")] int Seed,
        [property: JsonPropertyName("sampled_pixels")] int SampledPixels,
        [property: JsonPropertyName("iterations")] int Iterations,
        [property: JsonPropertyName("colours")] float[][] Colours);
}
