using System.Numerics;
using IlgpuNet.Kernels;
using IlgpuNet.Kernels.Cpu;
using IlgpuNet.Tensors;
using static IlgpuNet.Autograd.Functions.KernelBuffers;

namespace IlgpuNet.Autograd.Functions;

/// <summary>
/// NeRF's volume rendering (differentiable in the densities and colours) and its inverse-CDF importance sampling,
/// over the CPU kernels or the device's VolumeRenderKernels.
/// </summary>
public static class RenderingFunctions
{
    // sigma, t, delta (R, S), rgb (R, S, 3) → output (R, 5) = (color (3), depth, opacity), weights (R, S) without grad.
    //   w_i = T_i (1 - exp(-relu(sigma_i) delta_i)), T_i = prod_{j<i} (1 - alpha_j); output = sum_i w_i (c_i, t_i, 1)
    // dsigma, drgb from the gradient of output (t and delta are constants here, as in NeRF).
    public static (Tensor Output, Tensor Weights) VolumeRender(Tensor sigma, Tensor rgb, Tensor t, Tensor delta)
    {
        const string op = "volume_render";
        RequireRank(op, sigma, 2, "sigma (rays, samples)");
        int rays = sigma.ShapeRef[0], samples = sigma.ShapeRef[1];
        if (!rgb.ShapeRef.AsSpan().SequenceEqual([rays, samples, 3]) || !t.ShapeRef.AsSpan().SequenceEqual(sigma.ShapeRef)
            || !delta.ShapeRef.AsSpan().SequenceEqual(sigma.ShapeRef))
        {
            throw new ArgumentException($"{op}: expected sigma, t, delta of shape (R, S) and rgb (R, S, 3); got sigma {ShapeRules.Format(sigma.ShapeRef)}, " +
                $"rgb {ShapeRules.Format(rgb.ShapeRef)}, t {ShapeRules.Format(t.ShapeRef)}, delta {ShapeRules.Format(delta.ShapeRef)}");
        }

        RequireSameDType(op, sigma, rgb, t, delta);
        RequireSameDevice(op, sigma, rgb, t, delta);
        Tensor sd = Dense(sigma), cd = Dense(rgb), td = Dense(t), dd = Dense(delta);
        var output = RawOps.Empty([rays, 5], sigma.DType, sigma.Device);
        var weights = RawOps.Empty([rays, samples], sigma.DType, sigma.Device);
        void Forward<T>()
            where T : unmanaged, IFloatingPointIeee754<T>
            => VolumeRenderKernels.Forward<T>(output.Data<T>(), weights.Data<T>(), Span<T>(sd), Span<T>(cd), Span<T>(td), Span<T>(dd), rays, samples);
        Dispatch(op, sigma, Forward<float>, Forward<double>, () => DeviceRendering.Forward(sd, cd, td, dd, output, weights));

        Graph.Record("VolumeRenderBackward", output, [sigma, rgb], gy =>
        {
            var dout = Dense(gy);
            var dSigma = RawOps.Empty(sigma.ShapeRef, sigma.DType, sigma.Device);
            var dRgb = RawOps.Empty(rgb.ShapeRef, sigma.DType, sigma.Device);
            void Backward<T>()
                where T : unmanaged, IFloatingPointIeee754<T>
                => VolumeRenderKernels.Backward<T>(dSigma.Data<T>(), dRgb.Data<T>(), Span<T>(dout), Span<T>(sd), Span<T>(cd), Span<T>(td),
                    Span<T>(dd), Span<T>(weights), rays, samples);
            Dispatch(op, sigma, Backward<float>, Backward<double>, () => DeviceRendering.Backward(dout, sd, cd, td, dd, weights, dSigma, dRgb));
            DisposeCopy(dout, gy);
            return [dSigma, dRgb];
        }, saved: [sd, cd, td, dd, weights]);
        DisposeCopy(sd, sigma);
        DisposeCopy(cd, rgb);
        DisposeCopy(td, t);
        DisposeCopy(dd, delta);
        return (output, weights);
    }

    // bins (R, B+1) edges, weights (R, B) → samples (R, count) by inverse CDF; deterministic: u = linspace(0, 1, count),
    // else u = the generator's next uniforms (one per sample). Float32; no gradient.
    public static Tensor SamplePdf(Tensor bins, Tensor weights, int count, bool deterministic, Generator? generator)
    {
        const string op = "sample_pdf";
        RequireRank(op, weights, 2, "weights (rays, bins)");
        int rays = weights.ShapeRef[0], binCount = weights.ShapeRef[1];
        if (!bins.ShapeRef.AsSpan().SequenceEqual([rays, binCount + 1]))
        {
            throw new ArgumentException($"{op}: bins must be (R, B+1) = ({rays}, {binCount + 1}) edges for weights {ShapeRules.Format(weights.ShapeRef)}, got {ShapeRules.Format(bins.ShapeRef)}");
        }

        if (count <= 0)
        {
            throw new ArgumentException($"{op}: sample count must be positive, got {count}");
        }

        RequireSameDevice(op, bins, weights);
        var gen = generator ?? Generator.Default;
        ulong offset = deterministic ? 0 : gen.Advance(Philox.BlocksForUniform((long)rays * count));
        var binsF = Dense(bins.Detach().To(DType.Float32));
        var weightsF = Dense(weights.Detach().To(DType.Float32));
        var samples = RawOps.Empty([rays, count], DType.Float32, bins.Device);
        if (bins.Device.IsCpu)
        {
            VolumeRenderKernels.SamplePdf(samples.Data<float>(), Span<float>(binsF), Span<float>(weightsF), rays, binCount, count, deterministic, gen.Seed, offset);
        }
        else
        {
            DeviceRendering.SamplePdf(binsF, weightsF, deterministic, gen.Seed, offset, samples);
        }

        return samples;
    }
}
