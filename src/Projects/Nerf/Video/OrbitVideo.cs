using IlgpuNet.Data.Imaging;
using IlgpuNet.Nerf.Evaluation;
using IlgpuNet.Nerf.Models;
using IlgpuNet.Nerf.Rendering;
using IlgpuNet.Nerf.Report;
using IlgpuNet.Nerf.Scenes;

namespace IlgpuNet.Nerf.Video;

/// <summary>
/// A 360° orbit around the origin at the training cameras' mean distance and elevation, rendered frame by frame,
/// colour and depth (one depth range for the whole orbit, so colours mean the same depth in every frame).
/// </summary>
public static class OrbitVideo
{
    public static (List<ByteImage> Color, List<ByteImage> Depth) Render(RadianceModel model, SceneInfo scene, int frames, Action<int>? rendered = null)
    {
        var camera = PinholeCamera.FromFieldOfView(scene.Width, scene.Height, scene.CameraAngleX);
        var views = new List<RenderedView>();
        for (int i = 0; i < frames; i++)
        {
            var pose = CameraPoses.OnSphere(scene.OrbitRadius, 360.0 * i / frames, scene.OrbitElevationDegrees);
            views.Add(ViewRenderer.Render(model, camera, pose));
            rendered?.Invoke(i + 1);
        }

        var ranges = views.Select(DepthImage.Range).ToList();
        var range = (ranges.Min(r => r.Near), ranges.Max(r => r.Far));
        return (views.Select(v => v.Color.ToBytes()).ToList(), views.Select(v => DepthImage.Colorize(v, range)).ToList());
    }
}
