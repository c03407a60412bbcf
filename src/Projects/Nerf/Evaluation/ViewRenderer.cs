using IlgpuNet.Autograd;
using IlgpuNet.Data;
using IlgpuNet.Nerf.Models;
using IlgpuNet.Nerf.Rendering;

namespace IlgpuNet.Nerf.Evaluation;

/// <summary>Renders whole views through a model, in chunks of rays small enough that no activation passes ~64 MB.</summary>
public static class ViewRenderer
{
    public static RenderedView Render(RadianceModel model, PinholeCamera camera, ReadOnlySpan<double> cameraToWorld)
    {
        var rays = RayBatch.ForView(camera, cameraToWorld);
        int pixels = rays.Count, chunk = ChunkRays(model.Options);
        var color = new FloatImage(3, camera.Height, camera.Width);
        var depth = new float[pixels];
        var opacity = new float[pixels];
        using (GradMode.NoGrad())
        {
            for (int start = 0; start < pixels; start += chunk)
            {
                int n = Math.Min(chunk, pixels - start);
                var rendered = model.Render(rays.Slice(start, n), training: false, randomKey: 0);
                var rgb = rendered.Color.ToArray();
                rendered.Depth.ToArray().CopyTo(depth, start);
                rendered.Opacity.ToArray().CopyTo(opacity, start);
                for (int i = 0; i < n; i++)
                {
                    for (int c = 0; c < 3; c++)
                    {
                        color.Data[(c * pixels) + start + i] = Math.Clamp(rgb[(3 * i) + c], 0f, 1f);
                    }
                }
            }
        }

        return new RenderedView(color, depth, opacity);
    }

    // The paper's model evaluates coarse + fine samples of every ray, each 256 floats wide per layer.
    private static int ChunkRays(NerfOptions options) => options.Variant == NerfVariant.Nerf
        ? Math.Max(1, 65536 / (options.CoarseSamples + options.FineSamples))
        : 8192;
}
