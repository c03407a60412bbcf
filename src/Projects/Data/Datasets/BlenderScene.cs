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

    /// <summary>
    /// Reads transforms_<paramref name="split"/>.json and the size of the first view (views load lazily). With the default
    /// decoder every image the file names must exist (one line names the first missing); a decoder of the caller's own is
    /// trusted to find them.
    /// </summary>
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

        var (cameraAngleX, frames) = ReadTransforms(root, jsonPath, requireImages: decoder == null);
        var scene = new BlenderScene(split, cameraAngleX, frames, downscale, background, decoder ?? ImageFile.Read);
        var first = scene[0];
        scene.Width = first.Width;
        scene.Height = first.Height;
        return scene;
    }

    /// <summary>
    /// The same scene with only the frames at <paramref name="indices"/> (in that order), named <paramref name="split"/>:
    /// how a held-out split is cut from a scene that ships only transforms_train.json.
    /// </summary>
    public BlenderScene Subset(string split, IReadOnlyList<int> indices)
    {
        if (indices.Count == 0)
        {
            throw new ArgumentException($"split '{split}' of {Split} would have no frames");
        }

        var frames = indices.Select(i => i >= 0 && i < Frames.Count ? Frames[i] : throw new ArgumentOutOfRangeException(nameof(indices), $"frame {i} of {Frames.Count}")).ToList();
        return new BlenderScene(split, CameraAngleX, frames, Downscale, Background, decode) { Width = Width, Height = Height };
    }

    /// <summary>
    /// camera_angle_x and the frames of a transforms file, for rendering its poses: the images need not exist. Problems
    /// are reported as <see cref="Load"/> reports them.
    /// </summary>
    public static (double CameraAngleX, IReadOnlyList<BlenderFrame> Frames) ReadPoses(string jsonPath)
    {
        if (!File.Exists(jsonPath))
        {
            throw new FileNotFoundException($"poses file {jsonPath} does not exist");
        }

        return ReadTransforms(Path.GetDirectoryName(Path.GetFullPath(jsonPath))!, jsonPath, requireImages: false);
    }

    /// <exception cref="InvalidFileException">The file is not a transforms file this reader can use; the message says why.</exception>
    /// <exception cref="FileNotFoundException">An image it names does not exist (checked when <paramref name="requireImages"/>).</exception>
    private static (double CameraAngleX, List<BlenderFrame> Frames) ReadTransforms(string root, string jsonPath, bool requireImages = true)
    {
        List<BlenderFrame> frames;
        double cameraAngleX;
        try
        {
            using var document = JsonDocument.Parse(File.ReadAllBytes(jsonPath));
            var json = document.RootElement;
            if (json.ValueKind != JsonValueKind.Object || !json.TryGetProperty("camera_angle_x", out var angle) || !json.TryGetProperty("frames", out var framesJson))
            {
                throw new InvalidFileException(jsonPath, "needs an object with camera_angle_x and frames");
            }

            cameraAngleX = angle.GetDouble();
            if (!(cameraAngleX > 0 && cameraAngleX < Math.PI))
            {
                throw new InvalidFileException(jsonPath, $"camera_angle_x {cameraAngleX} is not a field of view in (0, pi) radians");
            }

            frames = [];
            foreach (var frame in framesJson.EnumerateArray())
            {
                if (frame.ValueKind != JsonValueKind.Object || !frame.TryGetProperty("file_path", out var pathJson) || pathJson.ValueKind != JsonValueKind.String)
                {
                    throw new InvalidFileException(jsonPath, $"frame {frames.Count} has no file_path string");
                }

                string relative = pathJson.GetString()!;
                if (!Path.HasExtension(relative))
                {
                    relative += ".png";
                }

                frames.Add(new BlenderFrame(Path.GetFullPath(Path.Combine(root, relative)), ReadMatrix(jsonPath, frame, relative)));
            }

            if (frames.Count == 0)
            {
                throw new InvalidFileException(jsonPath, "no frames");
            }
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or KeyNotFoundException or FormatException or ArgumentException)
        {
            // not JSON, a value of the wrong JSON kind, a number out of range, a file_path that is no path
            throw new InvalidFileException(jsonPath, e is JsonException ? $"not valid JSON ({e.Message})" : $"not a Blender transforms file: {e.Message}", e);
        }

        if (requireImages && frames.FirstOrDefault(f => !File.Exists(f.ImagePath)) is { } missing)
        {
            throw new FileNotFoundException($"{jsonPath}: image {missing.ImagePath} does not exist");
        }

        return (cameraAngleX, frames);
    }

    // The 4x4 row-major camera-to-world matrix; a wrong shape is named with the frame and the shape found.
    private static double[] ReadMatrix(string jsonPath, JsonElement frame, string relative)
    {
        string problem = $"transform_matrix of {relative} is not a 4x4 matrix of numbers";
        if (!frame.TryGetProperty("transform_matrix", out var matrix) || matrix.ValueKind != JsonValueKind.Array)
        {
            throw new InvalidFileException(jsonPath, problem);
        }

        var rows = matrix.EnumerateArray().ToList();
        if (rows.Count != 4 || rows.Any(row => row.ValueKind != JsonValueKind.Array || row.GetArrayLength() != 4
            || row.EnumerateArray().Any(v => v.ValueKind != JsonValueKind.Number)))
        {
            string shape = string.Join(", ", rows.Select(r => r.ValueKind == JsonValueKind.Array ? r.GetArrayLength().ToString(System.Globalization.CultureInfo.InvariantCulture) : r.ValueKind.ToString()));
            throw new InvalidFileException(jsonPath, $"{problem} (rows: {rows.Count}, entries per row: {shape})");
        }

        return rows.SelectMany(row => row.EnumerateArray().Select(v => v.GetDouble())).ToArray();
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
