using System.Runtime.CompilerServices;
using ILGPU;
using ILGPU.Runtime;
using IlgpuNet.Kernels.Ilgpu;

namespace IlgpuNet.Kernels.Gpu;

/// <summary>
/// One C# method per device operation, over one backend: it picks the kernel (Ilgpu/*Kernels, loaded once per
/// accelerator), sizes the launch and passes the buffers as views. Arguments come outputs first, then inputs, then
/// sizes. Buffers are Float32 unless named otherwise (targets and indices Int64, the dropout mask UInt8) and dense
/// row-major from element 0, except the elementwise family (any strided view) and GEMM (element offsets). Every call
/// only queues work; read a buffer to wait for it.
/// Launch shapes: 1-D kernels loop grid-stride over one wave of groups (<see cref="DeviceBackend.ResidentGroups"/>);
/// group-per-row kernels take one group per output row (<see cref="DeviceBackend.RowGroupSize"/> threads); the tiled
/// GEMM takes one 8×8 group per 64×64 tile. Where groups are simulated, see <see cref="DeviceBackend.SimulatesGroups"/>.
/// </summary>
public sealed partial class DeviceKernels(DeviceBackend backend)
{
    // Sums with fewer outputs than this and an axis longer than two chunks split the axis: rows in chunks of
    // RowChunkLength (a group each), other shapes in chunks of LineChunkLength (a thread each).
    private const long SplitBelowOutputs = 4096;
    private const int GroupRowLength = 64;
    private const int RowChunkLength = 4096;
    private const int LineChunkLength = 256;

    private readonly ConditionalWeakTable<HashGridGeometry, DeviceBuffer> hashGridResolutions = new();

    public DeviceBackend Backend { get; } = backend;

    private KernelCache Cache => Backend.Kernels;

    // ------------------------------------------------------------------ ElementwiseKernels

    /// <summary>out[view] = value, for any dtype the device holds (Float32, Int64, Int32, UInt8, Bool).</summary>
    public void Fill(DeviceBuffer output, StridedView outputView, ReadOnlySpan<long> shape, double value)
    {
        var (s, st, n) = ElementwiseLayout.Pack(shape, outputView);
        if (n == 0)
        {
            return;
        }

        switch (output.DType)
        {
            case DType.Float32: FillKernel<float>()(Wave(n), s, n, output.View<float>(), st[0], (float)value); break;
            case DType.Int64: FillKernel<long>()(Wave(n), s, n, output.View<long>(), st[0], (long)value); break;
            case DType.Int32: FillKernel<int>()(Wave(n), s, n, output.View<int>(), st[0], (int)value); break;
            case DType.UInt8: FillKernel<byte>()(Wave(n), s, n, output.View<byte>(), st[0], (byte)value); break;
            case DType.Bool: FillKernel<byte>()(Wave(n), s, n, output.View<byte>(), st[0], value != 0 ? (byte)1 : (byte)0); break;
            default: throw Unsupported("fill", output.DType);
        }
    }

    /// <summary>Every element of a dense buffer = value.</summary>
    public void Fill(DeviceBuffer output, double value) => Fill(output, new StridedView(0, [1]), [output.Length], value);

    /// <summary>out[view] = op(a[view]; p0, p1).</summary>
    public void Unary(UnaryOp op, DeviceBuffer output, StridedView outputView, DeviceBuffer a, StridedView aView,
        ReadOnlySpan<long> shape, float p0 = 0, float p1 = 0)
    {
        var (s, st, n) = ElementwiseLayout.Pack(shape, outputView, aView);
        if (n > 0)
        {
            UnaryKernel(op)(Wave(n), s, n, output.View<float>(), st[0], a.View<float>(), st[1], p0, p1);
        }
    }

    /// <summary>Dense out = op(a).</summary>
    public void Unary(UnaryOp op, DeviceBuffer output, DeviceBuffer a, float p0 = 0, float p1 = 0)
        => Unary(op, output, new StridedView(0, [1]), a, new StridedView(0, [1]), [a.Length], p0, p1);

    /// <summary>
    /// The strided copy: out[outputView] = a[aView], converting between any two dtypes the device holds (a C cast;
    /// to Bool: non-zero is 1). With a contiguous outputView this is Contiguous().
    /// </summary>
    public void Copy(DeviceBuffer output, StridedView outputView, DeviceBuffer a, StridedView aView, ReadOnlySpan<long> shape)
    {
        var (s, st, n) = ElementwiseLayout.Pack(shape, outputView, aView);
        if (n > 0)
        {
            Convert(a.DType, output.DType, Wave(n), s, n, output, st[0], a, st[1]);
        }
    }

    /// <summary>out[view] = op(a[view], b[view]; p0, p1); broadcast operands have stride 0 along expanded dims.</summary>
    public void Binary(BinaryOp op, DeviceBuffer output, StridedView outputView, DeviceBuffer a, StridedView aView,
        DeviceBuffer b, StridedView bView, ReadOnlySpan<long> shape, float p0 = 0, float p1 = 0)
    {
        var (s, st, n) = ElementwiseLayout.Pack(shape, outputView, aView, bView);
        if (n > 0)
        {
            BinaryKernel(op)(Wave(n), s, n, output.View<float>(), st[0], a.View<float>(), st[1], b.View<float>(), st[2], p0, p1);
        }
    }

    /// <summary>Dense out = op(a, b), all of one length.</summary>
    public void Binary(BinaryOp op, DeviceBuffer output, DeviceBuffer a, DeviceBuffer b)
        => Binary(op, output, new StridedView(0, [1]), a, new StridedView(0, [1]), b, new StridedView(0, [1]), [a.Length]);

    /// <summary>Bool (byte 0/1) out[view] = a[view] op b[view].</summary>
    public void Compare(CompareOp op, DeviceBuffer output, StridedView outputView, DeviceBuffer a, StridedView aView,
        DeviceBuffer b, StridedView bView, ReadOnlySpan<long> shape)
    {
        var (s, st, n) = ElementwiseLayout.Pack(shape, outputView, aView, bView);
        if (n > 0)
        {
            CompareKernel(op)(Wave(n), s, n, output.View<byte>(), st[0], a.View<float>(), st[1], b.View<float>(), st[2]);
        }
    }

    /// <summary>out[view] = condition[view] ? a[view] : b[view]; condition is Bool (or UInt8, non-zero true).</summary>
    public void Where(DeviceBuffer output, StridedView outputView, DeviceBuffer condition, StridedView conditionView,
        DeviceBuffer a, StridedView aView, DeviceBuffer b, StridedView bView, ReadOnlySpan<long> shape)
    {
        var (s, st, n) = ElementwiseLayout.Pack(shape, outputView, conditionView, aView, bView);
        if (n > 0)
        {
            Cache.Load<KernelShape, long, ArrayView<float>, KernelStrides, ArrayView<byte>, KernelStrides, ArrayView<float>, KernelStrides,
                ArrayView<float>, KernelStrides>(ElementwiseKernels.Where)(Wave(n), s, n, output.View<float>(), st[0], condition.View<byte>(), st[1],
                a.View<float>(), st[2], b.View<float>(), st[3]);
        }
    }

    // ------------------------------------------------------------------ ReductionKernels, ScanKernels ([outer, reduce, inner] -> [outer, inner])

    public void ReduceSum(DeviceBuffer output, DeviceBuffer input, int outer, int reduce, int inner)
        => ReduceSumScaled(output, input, outer, reduce, inner, 1f);

    public void ReduceMean(DeviceBuffer output, DeviceBuffer input, int outer, int reduce, int inner)
        => ReduceSumScaled(output, input, outer, reduce, inner, reduce == 0 ? float.NaN : 1f / reduce);

    /// <summary>
    /// out = scale * sum along the middle dim. Rows (inner 1) of some length get a group each; other shapes a thread
    /// per output. An axis long enough to starve the device of parallel work is summed in chunks first, then the chunks.
    /// </summary>
    public void ReduceSumScaled(DeviceBuffer output, DeviceBuffer input, int outer, int reduce, int inner, float scale)
    {
        long outputs = (long)outer * inner;
        bool rows = inner == 1 && reduce >= GroupRowLength;
        int chunkLength = rows ? RowChunkLength : LineChunkLength;
        if (outputs >= SplitBelowOutputs || reduce <= 2 * chunkLength)
        {
            ReduceSumPass(rows, output, input, outer, reduce, inner, Math.Max(reduce, 1), scale);
            return;
        }

        int chunks = (reduce + chunkLength - 1) / chunkLength;
        using var partial = Backend.Allocate(DType.Float32, outputs * chunks);
        ReduceSumPass(rows, partial, input, outer, reduce, inner, chunkLength, 1f);
        ReduceSumScaled(output, partial, outer, chunks, inner, scale);
    }

    // out [outer, chunks, inner]: the sum of each chunk of chunkLength along the middle dim
    private void ReduceSumPass(bool rows, DeviceBuffer output, DeviceBuffer input, int outer, int reduce, int inner, int chunkLength, float scale)
    {
        int chunks = (reduce + chunkLength - 1) / chunkLength;
        long outputs = (long)outer * inner;
        if (outputs == 0)
        {
            return;
        }

        if (rows)
        {
            var kernel = Cache.Load<ArrayView<float>, ArrayView<float>, int, int, int, int, float>(ReductionKernels.SumRows);
            kernel(GroupPerRow(outputs, chunks), output.View<float>(), input.View<float>(), outer, reduce, inner, chunkLength, scale);
        }
        else
        {
            var kernel = Cache.Load<ArrayView<float>, ArrayView<float>, int, int, int, int, float>(ReductionKernels.SumLines);
            kernel(Wave(outputs * chunks), output.View<float>(), input.View<float>(), outer, reduce, inner, chunkLength, scale);
        }
    }

    /// <summary>Max along the middle dim and (when <paramref name="indices"/> is not null, Int64) its first argmax.</summary>
    public void ReduceMax(DeviceBuffer output, DeviceBuffer? indices, DeviceBuffer input, int outer, int reduce, int inner)
    {
        long outputs = (long)outer * inner;
        if (outputs > 0)
        {
            Cache.Load<ArrayView<float>, ArrayView<long>, ArrayView<float>, int, int, int>(ReductionKernels.MaxAlongDim)(
                GroupPerRow(outputs), output.View<float>(), LongsOrEmpty(indices), input.View<float>(), outer, reduce, inner);
        }
    }

    public void ReduceMaxBackward(DeviceBuffer gradInput, DeviceBuffer gradOutput, DeviceBuffer indices, int outer, int reduce, int inner)
    {
        long n = (long)outer * reduce * inner;
        if (n > 0)
        {
            Cache.Load<ArrayView<float>, ArrayView<float>, ArrayView<long>, int, int, int>(ReductionKernels.MaxAlongDimBackward)(
                Wave(n), gradInput.View<float>(), gradOutput.View<float>(), indices.View<long>(), outer, reduce, inner);
        }
    }

    /// <summary>Backward of sum (scale 1) or mean (scale 1/reduce): broadcast gradOutput along the reduced dim.</summary>
    public void ReduceSumBackward(DeviceBuffer gradInput, DeviceBuffer gradOutput, int outer, int reduce, int inner, float scale)
    {
        long n = (long)outer * reduce * inner;
        if (n > 0)
        {
            Cache.Load<ArrayView<float>, ArrayView<float>, int, int, int, float>(ReductionKernels.SumBackward)(
                Wave(n), gradInput.View<float>(), gradOutput.View<float>(), outer, reduce, inner, scale);
        }
    }

    /// <summary>Running sum along the middle dim (from the end when reversed), as Cpu.ScanKernels.Cumsum.</summary>
    public void Cumsum(DeviceBuffer output, DeviceBuffer input, int outer, int n, int inner, bool reverse)
    {
        long lines = (long)outer * inner;
        if (lines > 0)
        {
            Cache.Load<ArrayView<float>, ArrayView<float>, int, int, int, int>(ScanKernels.Cumsum)(
                Wave(lines), input.View<float>(), output.View<float>(), outer, n, inner, reverse ? 1 : 0);
        }
    }

    // ------------------------------------------------------------------ GemmKernels

    /// <summary>C = alpha * op(A) @ op(B) + beta * C, row-major, as Cpu.Gemm.Sgemm.</summary>
    public void Sgemm(bool transA, bool transB, int m, int n, int k, float alpha, DeviceBuffer a, int lda,
        DeviceBuffer b, int ldb, float beta, DeviceBuffer c, int ldc)
        => SgemmStridedBatched(transA, transB, m, n, k, alpha, a, lda, 0, b, ldb, 0, beta, c, ldc, 0, 1);

    /// <summary>
    /// As Cpu.Gemm.SgemmStridedBatched; stride 0 broadcasts one matrix. Offsets are in elements. The tiled kernel runs
    /// on GPUs, the direct one where groups are simulated (<see cref="DeviceBackend.SimulatesGroups"/>); <paramref name="tiled"/>
    /// chooses explicitly (the tests run both).
    /// </summary>
    public void SgemmStridedBatched(bool transA, bool transB, int m, int n, int k, float alpha,
        DeviceBuffer a, int lda, long strideA, DeviceBuffer b, int ldb, long strideB,
        float beta, DeviceBuffer c, int ldc, long strideC, int batch, long aOffset = 0, long bOffset = 0, long cOffset = 0, bool? tiled = null)
    {
        if (m == 0 || n == 0 || batch == 0)
        {
            return;
        }

        var problem = new GemmProblem
        {
            TransA = transA ? 1 : 0,
            TransB = transB ? 1 : 0,
            M = m,
            N = n,
            K = k,
            Alpha = alpha,
            Beta = beta,
            AOffset = aOffset,
            StrideA = strideA,
            Lda = lda,
            BOffset = bOffset,
            StrideB = strideB,
            Ldb = ldb,
            COffset = cOffset,
            StrideC = strideC,
            Ldc = ldc,
        };
        if (!(tiled ?? !Backend.SimulatesGroups))
        {
            Cache.Load<ArrayView<float>, ArrayView<float>, ArrayView<float>, GemmProblem, int>(GemmKernels.SgemmDirect)(
                Wave((long)batch * m * n), a.View<float>(), b.View<float>(), c.View<float>(), problem, batch);
            return;
        }

        int tile = GemmKernels.Tile;
        var grid = new Index3D((n + tile - 1) / tile, (m + tile - 1) / tile, batch);
        Cache.Load<ArrayView<float>, ArrayView<float>, ArrayView<float>, GemmProblem>(GemmKernels.Sgemm)(
            new KernelConfig(grid, new Index3D(GemmKernels.ThreadsPerSide, GemmKernels.ThreadsPerSide, 1)),
            a.View<float>(), b.View<float>(), c.View<float>(), problem);
    }

    // ------------------------------------------------------------------ OptimizerKernels

    /// <summary>torch.optim.SGD step; momentumBuffer may be null when momentum is 0. firstStep initializes the buffer.</summary>
    public void SgdStep(DeviceBuffer param, DeviceBuffer grad, DeviceBuffer? momentumBuffer, long n, float lr, float momentum,
        float dampening, float weightDecay, bool nesterov, bool firstStep)
    {
        if (n > 0)
        {
            var settings = new SgdSettings
            {
                Lr = lr,
                Momentum = momentum,
                Dampening = dampening,
                WeightDecay = weightDecay,
                Nesterov = nesterov ? 1 : 0,
                FirstStep = firstStep ? 1 : 0,
            };
            Cache.Load<ArrayView<float>, ArrayView<float>, ArrayView<float>, long, SgdSettings>(OptimizerKernels.Sgd)(
                Wave(n), param.View<float>(), grad.View<float>(), FloatsOrEmpty(momentumBuffer), n, settings);
        }
    }

    /// <summary>torch.optim.Adam (decoupled false) or AdamW (decoupled true) step number <paramref name="step"/> (1-based).</summary>
    public void AdamStep(DeviceBuffer param, DeviceBuffer grad, DeviceBuffer expAvg, DeviceBuffer expAvgSq, long n, float lr,
        float beta1, float beta2, float eps, float weightDecay, bool decoupled, long step)
    {
        if (n > 0)
        {
            var settings = new AdamSettings
            {
                Lr = lr,
                Beta1 = beta1,
                Beta2 = beta2,
                Eps = eps,
                WeightDecay = weightDecay,
                Decoupled = decoupled ? 1 : 0,
                StepSize = (float)(lr / (1 - Math.Pow(beta1, step))),
                BiasCorrection2Sqrt = (float)Math.Sqrt(1 - Math.Pow(beta2, step)),
            };
            Cache.Load<ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, long, AdamSettings>(OptimizerKernels.Adam)(
                Wave(n), param.View<float>(), grad.View<float>(), expAvg.View<float>(), expAvgSq.View<float>(), n, settings);
        }
    }

    // ------------------------------------------------------------------ SoftmaxKernels, CrossEntropyKernels ([outer, c, inner])

    public void SoftmaxForward(DeviceBuffer output, DeviceBuffer input, int outer, int c, int inner, bool log)
    {
        long rows = (long)outer * inner;
        if (rows > 0)
        {
            Cache.Load<ArrayView<float>, ArrayView<float>, int, int, int, int>(SoftmaxKernels.Forward)(
                GroupPerRow(rows), input.View<float>(), output.View<float>(), outer, c, inner, log ? 1 : 0);
        }
    }

    public void SoftmaxBackward(DeviceBuffer gradInput, DeviceBuffer gradOutput, DeviceBuffer output, int outer, int c, int inner, bool log)
    {
        long rows = (long)outer * inner;
        if (rows > 0)
        {
            Cache.Load<ArrayView<float>, ArrayView<float>, ArrayView<float>, int, int, int, int>(SoftmaxKernels.Backward)(
                GroupPerRow(rows), output.View<float>(), gradOutput.View<float>(), gradInput.View<float>(), outer, c, inner, log ? 1 : 0);
        }
    }

    /// <summary>
    /// Per-row losses [N, S], the rows' target weights [N, S] (the mean's denominator) and logsumexp [N, S] of x
    /// [N, C, S] against Int64 targets [N, S]: logits when <paramref name="fromLogits"/> (fused log-softmax), else
    /// log-probabilities (nll_loss). classWeights [C] may be null.
    /// </summary>
    public void CrossEntropyForward(DeviceBuffer losses, DeviceBuffer rowWeights, DeviceBuffer logSumExp, DeviceBuffer x,
        DeviceBuffer targets, DeviceBuffer? classWeights, int n, int c, int spatial, long ignoreIndex, float labelSmoothing, bool fromLogits)
    {
        if ((long)n * spatial > 0)
        {
            Cache.Load<ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<long>, ArrayView<float>, CrossEntropyRows>(
                CrossEntropyKernels.Forward)(GroupPerRow((long)n * spatial), losses.View<float>(), rowWeights.View<float>(), logSumExp.View<float>(),
                x.View<float>(), targets.View<long>(), FloatsOrEmpty(classWeights), Rows(n, c, spatial, ignoreIndex, labelSmoothing, fromLogits));
        }
    }

    /// <summary>dx [N, C, S] from the upstream gradient of each row's loss: gradLosses[row * gradStride] (stride 0: one value for all).</summary>
    public void CrossEntropyBackward(DeviceBuffer gradX, DeviceBuffer gradLosses, int gradStride, DeviceBuffer x, DeviceBuffer logSumExp,
        DeviceBuffer targets, DeviceBuffer? classWeights, int n, int c, int spatial, long ignoreIndex, float labelSmoothing, bool fromLogits)
    {
        if ((long)n * spatial > 0)
        {
            Cache.Load<ArrayView<float>, ArrayView<float>, int, ArrayView<float>, ArrayView<float>, ArrayView<long>, ArrayView<float>, CrossEntropyRows>(
                CrossEntropyKernels.Backward)(GroupPerRow((long)n * spatial), gradX.View<float>(), gradLosses.View<float>(), gradStride, x.View<float>(),
                logSumExp.View<float>(), targets.View<long>(), FloatsOrEmpty(classWeights), Rows(n, c, spatial, ignoreIndex, labelSmoothing, fromLogits));
        }
    }

    private static CrossEntropyRows Rows(int n, int c, int spatial, long ignoreIndex, float labelSmoothing, bool fromLogits)
        => new() { N = n, C = c, S = spatial, IgnoreIndex = ignoreIndex, LabelSmoothing = labelSmoothing, FromLogits = fromLogits ? 1 : 0 };

    // ------------------------------------------------------------------ DropoutKernels

    /// <summary>
    /// Inverted dropout with the CPU's mask: element i is kept (mask 1) when Philox.Uniform(seed, offset, i) &lt; 1 - p,
    /// compared exactly (on the uniform's 24 bits), and scaled by 1 / (1 - p) rounded to float.
    /// </summary>
    public void DropoutForward(DeviceBuffer output, DeviceBuffer mask, DeviceBuffer input, long n, double p, ulong seed, ulong offset)
    {
        if (n > 0)
        {
            Cache.Load<ArrayView<float>, ArrayView<float>, ArrayView<byte>, long, int, float, ulong, ulong>(DropoutKernels.Forward)(
                Wave(n), input.View<float>(), output.View<float>(), mask.View<byte>(), n, KeepBelow(p), DropoutScale(p), seed, offset);
        }
    }

    public void DropoutBackward(DeviceBuffer gradInput, DeviceBuffer gradOutput, DeviceBuffer mask, long n, double p)
    {
        if (n > 0)
        {
            Cache.Load<ArrayView<float>, ArrayView<byte>, ArrayView<float>, long, float>(DropoutKernels.Backward)(
                Wave(n), gradOutput.View<float>(), mask.View<byte>(), gradInput.View<float>(), n, DropoutScale(p));
        }
    }

    /// <summary>out[i] = Philox.Uniform(seed, offset, i): torch.rand with the CPU's numbers.</summary>
    public void UniformFill(DeviceBuffer output, long n, ulong seed, ulong offset)
    {
        if (n > 0)
        {
            Cache.Load<ArrayView<float>, long, ulong, ulong>(DropoutKernels.UniformFill)(Wave(n), output.View<float>(), n, seed, offset);
        }
    }

    // u = bits * 2^-24 < 1 - p  exactly when  bits < ceil((1 - p) * 2^24), the product being exact in double.
    private static int KeepBelow(double p) => (int)Math.Ceiling((1 - p) * 16777216.0);

    private static float DropoutScale(double p) => p < 1 ? (float)(1.0 / (1 - p)) : 0f;

    // ------------------------------------------------------------------ launch shapes and arguments

    /// <summary>A grid-stride launch over n items: enough groups for n, at most one wave of the device.</summary>
    private KernelConfig Wave(long n)
    {
        int size = Backend.GroupSize;
        return new KernelConfig((int)Math.Clamp((n + size - 1) / size, 1, Backend.ResidentGroups), size);
    }

    /// <summary>One group per row (grid X), times <paramref name="chunks"/> on grid Y.</summary>
    private KernelConfig GroupPerRow(long rows, int chunks = 1)
        => new(new Index3D(checked((int)rows), chunks, 1), new Index3D(Backend.RowGroupSize, 1, 1));

    private static ArrayView<float> FloatsOrEmpty(DeviceBuffer? buffer) => buffer?.View<float>() ?? default;

    private static ArrayView<long> LongsOrEmpty(DeviceBuffer? buffer) => buffer?.View<long>() ?? default;

    private static NotSupportedException Unsupported(string op, DType dtype)
        => new($"{op}: device kernels take float32, int64, int32, uint8 and bool buffers, not {dtype.Name()} (float64 stays on the CPU)");
}
