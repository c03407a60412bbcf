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
        int ohw = g.OutH * g.OutW, kg = g.OutPerGroup, rows = g.ColRows;
        ForEachChunk(g, x.Kernels(), (k, n0, nb, col, perImage) =>
        {
            Unfold(k, g, x.Buffer(), n0, nb, col);
            for (int group = 0; group < g.Groups; group++)
            {
                k.SgemmStridedBatched(false, false, kg, ohw, rows, 1f,
                    weight.Buffer(), rows, 0, col, ohw, perImage, 0f, y.Buffer(), ohw, (long)g.OutChannels * ohw, nb,
                    aOffset: (long)group * kg * rows, bOffset: (long)group * rows * ohw, cOffset: ((long)n0 * g.OutChannels + group * kg) * ohw);
            }
        });

        if (bias != null)
        {
            AddChannelBias(y, bias);
        }
    }

    /// <summary>dx = conv2d's gradient with respect to its input (overwrites dx).</summary>
    public static void BackwardInput(Conv2dGeometry g, Tensor dy, Tensor weight, Tensor dx)
    {
        int ohw = g.OutH * g.OutW, kg = g.OutPerGroup, rows = g.ColRows;
        ForEachChunk(g, dy.Kernels(), (k, n0, nb, col, perImage) =>
        {
            for (int group = 0; group < g.Groups; group++)
            {
                k.SgemmStridedBatched(true, false, rows, ohw, kg, 1f,
                    weight.Buffer(), rows, 0, dy.Buffer(), ohw, (long)g.OutChannels * ohw, 0f, col, ohw, perImage, nb,
                    aOffset: (long)group * kg * rows, bOffset: ((long)n0 * g.OutChannels + group * kg) * ohw, cOffset: (long)group * rows * ohw);
            }

            k.Col2Im(dx.Buffer(), col, g, n0, nb);
        });
    }

    /// <summary>dweight = conv2d's gradient with respect to its weight (overwrites dweight).</summary>
    public static void BackwardWeight(Conv2dGeometry g, Tensor x, Tensor dy, Tensor dweight)
    {
        var kernels = x.Kernels();
        int ohw = g.OutH * g.OutW, kg = g.OutPerGroup, rows = g.ColRows;
        long weightLength = g.WeightLength;
        int chunk = Chunking(g).Chunk;
        using var perImageGrads = kernels.Backend.Allocate(DType.Float32, chunk * weightLength);
        using var chunkSum = g.N > chunk ? kernels.Backend.Allocate(DType.Float32, weightLength) : null;
        ForEachChunk(g, kernels, (k, n0, nb, col, perImage) =>
        {
            Unfold(k, g, x.Buffer(), n0, nb, col);
            for (int group = 0; group < g.Groups; group++)
            {
                k.SgemmStridedBatched(false, true, kg, rows, ohw, 1f,
                    dy.Buffer(), ohw, (long)g.OutChannels * ohw, col, ohw, perImage, 0f, perImageGrads, rows, weightLength, nb,
                    aOffset: ((long)n0 * g.OutChannels + group * kg) * ohw, bOffset: (long)group * rows * ohw, cOffset: (long)group * kg * rows);
            }

            // the first chunk's sum is the gradient so far; later ones add theirs
            k.ReduceSum(n0 == 0 ? dweight.Buffer() : chunkSum!, perImageGrads, 1, nb, checked((int)weightLength));
            if (n0 > 0)
            {
                k.Binary(Kernels.BinaryOp.Add, dweight.Buffer(), dweight.Buffer(), chunkSum!);
            }
        });
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

    // Runs body(kernels, first image, images, column buffer, column elements per image) over the batch in chunks,
    // with one column buffer for all of them.
    private static void ForEachChunk(Conv2dGeometry g, DeviceKernels kernels, Action<DeviceKernels, int, int, DeviceBuffer, long> body)
    {
        var (chunk, perImage) = Chunking(g);
        using var col = kernels.Backend.Allocate(DType.Float32, chunk * perImage);
        for (int n0 = 0; n0 < g.N; n0 += chunk)
        {
            body(kernels, n0, Math.Min(chunk, g.N - n0), col, perImage);
        }
    }

    // col = the patches of images [first, first + count) of input
    private static void Unfold(DeviceKernels k, Conv2dGeometry g, DeviceBuffer input, int first, int count, DeviceBuffer col)
        => k.Im2Col(col, input, g, first, count);

    // y[n, k, h, w] += bias[k], the bias seen as (1, K, 1, 1) with zero strides
    private static void AddChannelBias(Tensor y, Tensor bias)
    {
        var view = new StridedView(bias.Offset, [0, bias.StridesRef[0], 0, 0]);
        y.Kernels().Binary(Kernels.BinaryOp.Add, y.Buffer(), y.KernelView(), y.Buffer(), y.KernelView(), bias.Buffer(), view,
            DeviceTensor.Longs(y.ShapeRef));
    }
}
