using IlgpuNet.Autograd.Functions;
using IlgpuNet.Tensors;

namespace IlgpuNet.Layers;

/// <summary>NeRF's volume rendering and hierarchical sampling.</summary>
public static partial class Functional
{
    /// <summary>
    /// Composites S samples along each of R rays: sigma (R, S) densities, rgb (R, S, 3) colours, t (R, S) sample
    /// depths, delta (R, S) distances to the next sample. alpha_i = 1 - exp(-relu(sigma_i) delta_i), w_i = alpha_i
    /// prod_{j&lt;i} (1 - alpha_j); colour = sum w_i c_i, depth = sum w_i t_i, opacity = sum w_i.
    /// </summary>
    public static VolumeRendering VolumeRender(Tensor sigma, Tensor rgb, Tensor t, Tensor delta)
    {
        var (output, weights) = RenderingFunctions.VolumeRender(sigma, rgb, t, delta);
        return new VolumeRendering(output.Narrow(1, 0, 3), output.Select(1, 3), output.Select(1, 4), weights);
    }

    /// <summary>
    /// NeRF's sample_pdf: <paramref name="count"/> depths per ray drawn from the piecewise-constant distribution of
    /// weights (R, B) over bins (R, B+1) edges; deterministic uses evenly spaced quantiles, else the generator's uniforms.
    /// </summary>
    public static Tensor SamplePdf(Tensor bins, Tensor weights, int count, bool deterministic = false, Generator? generator = null)
        => RenderingFunctions.SamplePdf(bins, weights, count, deterministic, generator);
}
