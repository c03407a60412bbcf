using IlgpuNet.Data.Imaging;
using IlgpuNet.Nerf.Evaluation;
using IlgpuNet.Reporting;

namespace IlgpuNet.Nerf.Report;

/// <summary>
/// A depth map as colour: each pixel's expected ray depth divided by its opacity (the depth of the surface it sees),
/// through viridis between the nearest and farthest such depth in the view; pixels with opacity under 0.05 (nothing
/// hit) stay white.
/// </summary>
public static class DepthImage
{
    private const float MinimumOpacity = 0.05f;

    public static ByteImage Colorize(RenderedView view) => Colorize(view, Range(view));

    /// <summary>With a fixed depth range (a video keeps one range across its frames).</summary>
    public static ByteImage Colorize(RenderedView view, (double Near, double Far) range)
    {
        var image = new ByteImage(view.Color.Width, view.Color.Height, 3);
        for (int p = 0; p < view.Depth.Length; p++)
        {
            var color = view.Opacity[p] < MinimumOpacity ? Rgb.White
                : Colormaps.Viridis(1 - ((view.Depth[p] / view.Opacity[p]) - range.Near) / Math.Max(range.Far - range.Near, 1e-6));
            image.Pixels[3 * p] = color.R;
            image.Pixels[(3 * p) + 1] = color.G;
            image.Pixels[(3 * p) + 2] = color.B;
        }

        return image;
    }

    /// <summary>Nearest and farthest surface depth in the view (0..1 when nothing was hit).</summary>
    public static (double Near, double Far) Range(RenderedView view)
    {
        double near = double.MaxValue, far = double.MinValue;
        for (int p = 0; p < view.Depth.Length; p++)
        {
            if (view.Opacity[p] >= MinimumOpacity)
            {
                double depth = view.Depth[p] / view.Opacity[p];
                near = Math.Min(near, depth);
                far = Math.Max(far, depth);
            }
        }

        return near <= far ? (near, far) : (0, 1);
    }
}
