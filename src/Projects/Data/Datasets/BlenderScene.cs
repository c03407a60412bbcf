using System.Text.Json;
using IlgpuNet.Data.Imaging;
using IlgpuNet.Tensors.IO;

namespace IlgpuNet.Data.Datasets;

/// <summary>
/// A NeRF synthetic scene (Blender format): <c>transforms_{split}.json</c> with <c>camera_angle_x</c> and frames of
/// <c>file_path</c> (relative, ".png" implied) and 4x4 <c>transform_matrix</c>. Views load as RGB float [0, 1]:
/// RGBA averaged over factor x factor blocks (area downscale), then composited on the background
/// (rgb * alpha + background * (1 - alpha)), the order nerf-pytorch uses.
/// </summary>
public sealed class BlenderScene : IDataset<FloatImage>
{
    private readonly Func<string, ByteImage> decode;

    private BlenderScene(
        string split, double cameraAngleX, IReadOnlyList<BlenderFrame> frames, int downscale,
        BlenderBackground background, Func<string, ByteImage> decode)
    {
        Split = split;
        CameraAngleX = cameraAngleX;
        Frames = frames;
        Downscale = downscale;
        Background = background;
        this.decode = decode;
    }

    public string Split { get; }

    public double CameraAngleX { get; }

    public IReadOnlyList<BlenderFrame> Frames { get; }

    public int Downscale { get; }

    public BlenderBackground Background { get; }

    /// <summary>Width of a loaded view (after downscaling); known once the first view has been read.</summary>
    public int Width { get; private set; }

    public int Height { get; private set; }

    /// <summary>Focal length in pixels of the downscaled views: 0.5 W / tan(0.5 camera_angle_x).</summary>
    public double Focal => FocalFor(Width, CameraAngleX);

    public int Count => Frames.Count;

    /// <summary>View <paramref name="index"/> as a 3 x H x W image; decoded on each access.</summary>
    public FloatImage this[int index] => LoadView(Frames[index].ImagePath);

    public static double FocalFor(int width, double cameraAngleX) => 0.5 * width / Math.Tan(0.5 * cameraAngleX);

    /// <summary>Reads transforms_<paramref name="split"/>.json and the size of the first view (views load lazily).</summary>
    public static BlenderScene Load(
        string root, string split, int downscale = 1, BlenderBackground background = BlenderBackground.White,
        Func<string, ByteImage>? decoder = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(downscale, 1);
        string jsonPath = Path.Combine(root, $"transforms_{split}.json");
        if (!File.Exists(jsonPath))
        {
            var present = Directory.Exists(root) ? string.Join(", ", Directory.GetFiles(root, "transforms_*.json").Select(Path.GetFileName)) : "(root missing)";
            throw new FileNotFoundException($"no {jsonPath}; present: {present}");
        }

        var (cameraAngleX, frames) = ReadTransforms(root, jsonPath);
        var scene = new BlenderScene(split, cameraAngleX, frames, downscale, background, decoder ?? ImageFile.Read);
        var first = scene[0];
        scene.Width = first.Width;
        scene.Height = first.Height;
        return scene;
    }

    /// <exception cref="InvalidFileException">The file is not a transforms file this reader can use; the message says why.</exception>
    private static (double CameraAngleX, List<BlenderFrame> Frames) ReadTransforms(string root, string jsonPath)
    {
        try
        {
            using var document = JsonDocument.Parse(File.ReadAllBytes(jsonPath));
            var json = document.RootElement;
            if (json.ValueKind != JsonValueKind.Object || !json.TryGetProperty("camera_angle_x", out var angle) || !json.TryGetProperty("frames", out var framesJson))
            {
                throw new InvalidFileException(jsonPath, "needs an object with camera_angle_x and frames");
            }

            double cameraAngleX = angle.GetDouble();
            if (!(cameraAngleX > 0 && cameraAngleX < Math.PI))
            {
                throw new InvalidFileException(jsonPath, $"camera_angle_x {cameraAngleX} is not a field of view in (0, pi) radians");
            }

            var frames = new List<BlenderFrame>();
            foreach (var frame in framesJson.EnumerateArray())
            {
                string relative = frame.GetProperty("file_path").GetString() ?? throw new InvalidFileException(jsonPath, "a frame without file_path");
                if (!Path.HasExtension(relative))
                {
                    relative += ".png";
                }

                var rows = frame.GetProperty("transform_matrix").EnumerateArray().Select(row => row.EnumerateArray().Select(v => v.GetDouble()).ToArray()).ToArray();
                if (rows.Length != 4 || rows.Any(row => row.Length != 4))
                {
                    throw new InvalidFileException(jsonPath, $"transform_matrix of {relative} is not 4x4");
                }

                frames.Add(new BlenderFrame(Path.GetFullPath(Path.Combine(root, relative)), rows.SelectMany(row => row).ToArray()));
            }

            return frames.Count > 0 ? (cameraAngleX, frames) : throw new InvalidFileException(jsonPath, "no frames");
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or KeyNotFoundException or FormatException or ArgumentException)
        {
            // a value of the wrong JSON kind, a missing key, a number out of range, a file_path that is no path
            throw new InvalidFileException(jsonPath, $"not a Blender transforms file: {e.Message}", e);
        }
    }

    private FloatImage LoadView(string path)
    {
        var image = decode(path);
        if (image.Width % Downscale != 0 || image.Height % Downscale != 0)
        {
            throw new InvalidFileException(path, $"{image.Width}x{image.Height} does not divide by the downscale factor {Downscale}");
        }

        int height = image.Height / Downscale, width = image.Width / Downscale, channels = image.Channels;
        bool hasAlpha = channels is 2 or 4;
        int colourChannels = channels >= 3 ? 3 : 1;
        float background = Background == BlenderBackground.White ? 1f : 0f;
        var result = new FloatImage(3, height, width);
        Span<float> sums = stackalloc float[4];
        float blockArea = Downscale * Downscale * 255f;
        for (int y = 0; y < height; y++)
        {
            for (int x = 0; x < width; x++)
            {
                sums.Clear();
                for (int dy = 0; dy < Downscale; dy++)
                {
                    for (int dx = 0; dx < Downscale; dx++)
                    {
                        int p = ((y * Downscale + dy) * image.Width + x * Downscale + dx) * channels;
                        for (int c = 0; c < channels; c++)
                        {
                            sums[c] += image.Pixels[p + c];
                        }
                    }
                }

                float alpha = hasAlpha ? sums[channels - 1] / blockArea : 1f;
                for (int c = 0; c < 3; c++)
                {
                    float value = sums[colourChannels == 3 ? c : 0] / blockArea;
                    result.At(c, y, x) = value * alpha + background * (1 - alpha);
                }
            }
        }

        return result;
    }
}
