using IlgpuNet.Data;
using IlgpuNet.Data.Datasets;
using IlgpuNet.Nerf.Rendering;

namespace IlgpuNet.Nerf.Scenes;

/// <summary>The views of one split decoded into memory: RGB images (composited on the background) and their poses.</summary>
public sealed class SceneViews
{
    private SceneViews(string split, PinholeCamera camera, IReadOnlyList<string> names, IReadOnlyList<FloatImage> images, IReadOnlyList<double[]> poses)
    {
        Split = split;
        Camera = camera;
        Names = names;
        Images = images;
        Poses = poses;
    }

    public string Split { get; }

    public PinholeCamera Camera { get; }

    /// <summary>File names without extension (r_80, ...).</summary>
    public IReadOnlyList<string> Names { get; }

    public IReadOnlyList<FloatImage> Images { get; }

    /// <summary>4x4 row-major camera-to-world matrices.</summary>
    public IReadOnlyList<double[]> Poses { get; }

    public int Count => Images.Count;

    public static SceneViews Load(BlenderScene scene)
    {
        var images = new FloatImage[scene.Count];
        Parallel.For(0, scene.Count, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, i => images[i] = scene[i]);
        if (images.FirstOrDefault(image => image.Width != scene.Width || image.Height != scene.Height) is { } odd)
        {
            int index = Array.IndexOf(images, odd);
            throw new InvalidDataException($"{scene.Frames[index].ImagePath}: {odd.Width}x{odd.Height} after downscaling, the scene's first view is {scene.Width}x{scene.Height}");
        }

        var camera = PinholeCamera.FromFieldOfView(scene.Width, scene.Height, scene.CameraAngleX);
        return new SceneViews(scene.Split, camera, scene.Frames.Select(f => Path.GetFileNameWithoutExtension(f.ImagePath)).ToList(), images,
            scene.Frames.Select(f => f.CameraToWorld).ToList());
    }
}
