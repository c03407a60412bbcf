using IlgpuNet.Kernels;
using IlgpuNet.Kernels.Cpu;
using IlgpuNet.Kernels.Gpu;

namespace IlgpuNet.Tensors;

/// <summary>
/// conv2d and conv_transpose2d on a device: im2col + the tiled GEMM, one GEMM launch per group over a batch chunk.
/// Per image n and group g (col[n, g] is that group's C/G*KH*KW rows of the unfolded image):
///   forward          y[n, g]  = W[g] @ col[n, g]
///   backward input   dcol[n, g] = W[g]ᵀ @ dy[n, g],  dx = col2im(dcol)
///   backward weight  dW[g] = sum_n dy[n, g] @ col[n, g]ᵀ  (per-image products, then one sum over the chunk)
/// A transposed convolution is the adjoint of a convolution with the same weight (<see cref="ConvTranspose2dGeometry.AdjointConv"/>):
/// its forward is that convolution's backward-input, its backward-input that convolution's forward.
/// Images are unfolded in chunks so the column buffer stays under <see cref="MaxColumnElements"/>.
/// </summary>
internal static class DeviceConvolution
{
    private const long MaxColumnElements = 16L << 20;  // 64 MiB of float32

    /// <summary>y = conv2d(x, weight) + bias; x, weight, bias packed float32, y dense.</summary>
    public static void Forward(Conv2dGeometry g, Tensor x, Tensor weight, Tensor? bias, Tensor y)
    {
        var k = x.Kernels();
        var (chunk, perImage) = Chunking(g);
        using var col = k.Backend.Allocate(DType.Float32, chunk * perImage);
        int ohw = g.OutH * g.OutW, kg = g.OutPerGroup, rows = g.ColRows;
        for (int n0 = 0; n0 < g.N; n0 += chunk)
        {
            int nb = Math.Min(chunk, g.N - n0);
            Unfold(k, g, x.Buffer(), (long)n0 * g.InChannels * g.InH * g.InW, nb, col);
            for (int group = 0; group < g.Groups; group++)
            {
                k.SgemmStridedBatched(false, false, kg, ohw, rows, 1f,
                    weight.Buffer(), rows, 0, col, ohw, perImage, 0f, y.Buffer(), ohw, (long)g.OutChannels * ohw, nb,
                    aOffset: (long)group * kg * rows, bOffset: (long)group * rows * ohw, cOffset: ((long)n0 * g.OutChannels + group * kg) * ohw);
            }
        }

        if (bias != null)
        {
            AddChannelBias(y, bias);
        }
    }

    /// <summary>dx = conv2d's gradient with respect to its input (overwrites dx).</summary>
    public static void BackwardInput(Conv2dGeometry g, Tensor dy, Tensor weight, Tensor dx)
    {
        var k = dy.Kernels();
        var (chunk, perImage) = Chunking(g);
        using var col = k.Backend.Allocate(DType.Float32, chunk * perImage);
        int ohw = g.OutH * g.OutW, kg = g.OutPerGroup, rows = g.ColRows;
        for (int n0 = 0; n0 < g.N; n0 += chunk)
        {
            int nb = Math.Min(chunk, g.N - n0);
            for (int group = 0; group < g.Groups; group++)
            {
                k.SgemmStridedBatched(true, false, rows, ohw, kg, 1f,
                    weight.Buffer(), rows, 0, dy.Buffer(), ohw, (long)g.OutChannels * ohw, 0f, col, ohw, perImage, nb,
                    aOffset: (long)group * kg * rows, bOffset: ((long)n0 * g.OutChannels + group * kg) * ohw, cOffset: (long)group * rows * ohw);
            }

            k.Col2Im(dx.Buffer(), col, nb, g.InChannels, g.InH, g.InW, g.KernelH, g.KernelW, g.PadH, g.PadW, g.StrideH, g.StrideW,
                g.DilationH, g.DilationW, g.OutH, g.OutW, inputOffset: (long)n0 * g.InChannels * g.InH * g.InW);
        }
    }

    /// <summary>dweight = conv2d's gradient with respect to its weight (overwrites dweight).</summary>
    public static void BackwardWeight(Conv2dGeometry g, Tensor x, Tensor dy, Tensor dweight)
    {
        var k = x.Kernels();
        var (chunk, perImage) = Chunking(g);
        int ohw = g.OutH * g.OutW, kg = g.OutPerGroup, rows = g.ColRows;
        long weightLength = g.WeightLength;
        using var col = k.Backend.Allocate(DType.Float32, chunk * perImage);
        using var perImageGrads = k.Backend.Allocate(DType.Float32, chunk * weightLength);
        using var chunkSum = g.N > chunk ? k.Backend.Allocate(DType.Float32, weightLength) : null;
        for (int n0 = 0; n0 < g.N; n0 += chunk)
        {
            int nb = Math.Min(chunk, g.N - n0);
            Unfold(k, g, x.Buffer(), (long)n0 * g.InChannels * g.InH * g.InW, nb, col);
            for (int group = 0; group < g.Groups; group++)
            {
                k.SgemmStridedBatched(false, true, kg, rows, ohw, 1f,
                    dy.Buffer(), ohw, (long)g.OutChannels * ohw, col, ohw, perImage, 0f, perImageGrads, rows, weightLength, nb,
                    aOffset: ((long)n0 * g.OutChannels + group * kg) * ohw, bOffset: (long)group * rows * ohw, cOffset: (long)group * kg * rows);
            }

            if (n0 == 0)
            {
                k.ReduceSum(dweight.Buffer(), perImageGrads, 1, nb, checked((int)weightLength));
            }
            else
            {
                k.ReduceSum(chunkSum!, perImageGrads, 1, nb, checked((int)weightLength));
                k.Binary(Kernels.Gpu.BinaryOp.Add, dweight.Buffer(), dweight.Buffer(), chunkSum!);
            }
        }
    }

    /// <summary>dbias[k] = sum of dy over images and positions (overwrites dbias).</summary>
    public static void BackwardBias(Tensor dy, Tensor dbias) => DeviceReductions.Sum(dy, [true, false, true, true], dbias);

    public static void TransposeForward(ConvTranspose2dGeometry g, Tensor x, Tensor weight, Tensor? bias, Tensor y)
    {
        BackwardInput(g.AdjointConv, x, weight, y);
        if (bias != null)
        {
            AddChannelBias(y, bias);
        }
    }

    public static void TransposeBackwardInput(ConvTranspose2dGeometry g, Tensor dy, Tensor weight, Tensor dx)
        => Forward(g.AdjointConv, dy, weight, null, dx);

    public static void TransposeBackwardWeight(ConvTranspose2dGeometry g, Tensor x, Tensor dy, Tensor dweight)
        => BackwardWeight(g.AdjointConv, dy, x, dweight);

    // Images per chunk, and the column elements of one image (all groups).
    private static (int Chunk, long PerImage) Chunking(Conv2dGeometry g)
    {
        long perImage = (long)g.Groups * g.ColRows * g.OutH * g.OutW;
        int chunk = (int)Math.Clamp(MaxColumnElements / Math.Max(perImage, 1), 1, Math.Max(g.N, 1));
        return (chunk, perImage);
    }

    private static void Unfold(DeviceKernels k, Conv2dGeometry g, DeviceBuffer input, long inputOffset, int images, DeviceBuffer col)
        => k.Im2Col(col, input, images, g.InChannels, g.InH, g.InW, g.KernelH, g.KernelW, g.PadH, g.PadW, g.StrideH, g.StrideW,
            g.DilationH, g.DilationW, g.OutH, g.OutW, inputOffset);

    // y[n, k, h, w] += bias[k], the bias seen as (1, K, 1, 1) with zero strides
    private static void AddChannelBias(Tensor y, Tensor bias)
    {
        var view = new StridedView(bias.Offset, [0, bias.StridesRef[0], 0, 0]);
        y.Kernels().Binary(Kernels.Gpu.BinaryOp.Add, y.Buffer(), y.KernelView(), y.Buffer(), y.KernelView(), bias.Buffer(), view,
            DeviceTensor.Longs(y.ShapeRef));
    }
}
