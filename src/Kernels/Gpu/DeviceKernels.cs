namespace IlgpuNet.Kernels.Gpu;

/// <summary>
/// One C# method per device kernel, over one backend (OpenCL or CUDA). Arguments follow the kernel's own order
/// (outputs, inputs, sizes; llm.c style). Buffers are Float32 unless named otherwise (targets and indices are
/// Int64, the dropout mask UInt8) and dense row-major from offset 0, except the elementwise family (any strided
/// view) and GEMM (element offsets). Every call only queues work; read a buffer to wait for it.
/// </summary>
public sealed partial class DeviceKernels(DeviceBackend backend)
{
    private const int Threads = 256;

    // Sums with fewer outputs than this and an axis longer than two chunks split the axis: rows in chunks of
    // BlockChunkLength (a block each), other shapes in chunks of LineChunkLength (a thread each).
    private const long SplitBelowOutputs = 4096;
    private const int BlockRowLength = 64;
    private const int BlockChunkLength = 4096;
    private const int LineChunkLength = 256;

    // The grid-stride kernels stay correct with fewer blocks than elements; this caps launch overhead.
    private const long MaxBlocks = 65535;

    public DeviceBackend Backend { get; } = backend;

    // ------------------------------------------------------------------ elementwise.cu

    /// <summary>out[view] = value, for any dtype the device holds (Float32, Int64, Int32, UInt8, Bool).</summary>
    public void Fill(DeviceBuffer output, StridedView outputView, ReadOnlySpan<long> shape, double value)
    {
        var (s, st, n) = ElementwiseLayout.Pack(shape, outputView);
        var (kernel, arg) = output.DType switch
        {
            DType.Float32 => ("fill_strided", KernelArg.Float((float)value)),
            DType.Int64 => ("fill_strided_i64", KernelArg.Long((long)value)),
            DType.Int32 => ("fill_strided_i32", KernelArg.Int((int)value)),
            DType.UInt8 => ("fill_strided_u8", KernelArg.Int((byte)value)),
            DType.Bool => ("fill_strided_u8", KernelArg.Int(value != 0)),
            _ => throw Unsupported("fill", output.DType),
        };
        Launch1D("elementwise.cu", kernel, n, [KernelArg.Of(output), KernelArg.Struct(st[0]), arg, KernelArg.Struct(s), KernelArg.Long(n)]);
    }

    /// <summary>Every element of a dense buffer = value.</summary>
    public void Fill(DeviceBuffer output, double value) => Fill(output, new StridedView(0, [1]), [output.Length], value);

    /// <summary>out[view] = op(a[view]; p0, p1).</summary>
    public void Unary(UnaryOp op, DeviceBuffer output, StridedView outputView, DeviceBuffer a, StridedView aView,
        ReadOnlySpan<long> shape, float p0 = 0, float p1 = 0)
    {
        var (s, st, n) = ElementwiseLayout.Pack(shape, outputView, aView);
        Launch1D("elementwise.cu", "unary_strided", n,
            [KernelArg.Int((int)op), KernelArg.Of(output), KernelArg.Struct(st[0]), KernelArg.Of(a), KernelArg.Struct(st[1]),
             KernelArg.Float(p0), KernelArg.Float(p1), KernelArg.Struct(s), KernelArg.Long(n)]);
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
        if (output.DType == DType.Float32 && a.DType == DType.Float32)
        {
            Unary(UnaryOp.Identity, output, outputView, a, aView, shape);
            return;
        }

        var (s, st, n) = ElementwiseLayout.Pack(shape, outputView, aView);
        Launch1D("elementwise.cu", $"convert_{TypeName(a.DType, "copy")}_to_{(output.DType == DType.Bool ? "bool" : TypeName(output.DType, "copy"))}", n,
            [KernelArg.Of(output), KernelArg.Struct(st[0]), KernelArg.Of(a), KernelArg.Struct(st[1]), KernelArg.Struct(s), KernelArg.Long(n)]);
    }

    /// <summary>out[view] = op(a[view], b[view]; p0, p1); broadcast operands have stride 0 along expanded dims.</summary>
    public void Binary(BinaryOp op, DeviceBuffer output, StridedView outputView, DeviceBuffer a, StridedView aView,
        DeviceBuffer b, StridedView bView, ReadOnlySpan<long> shape, float p0 = 0, float p1 = 0)
    {
        var (s, st, n) = ElementwiseLayout.Pack(shape, outputView, aView, bView);
        Launch1D("elementwise.cu", "binary_strided", n,
            [KernelArg.Int((int)op), KernelArg.Of(output), KernelArg.Struct(st[0]), KernelArg.Of(a), KernelArg.Struct(st[1]),
             KernelArg.Of(b), KernelArg.Struct(st[2]), KernelArg.Float(p0), KernelArg.Float(p1), KernelArg.Struct(s), KernelArg.Long(n)]);
    }

    /// <summary>Dense out = op(a, b), all of one length.</summary>
    public void Binary(BinaryOp op, DeviceBuffer output, DeviceBuffer a, DeviceBuffer b)
        => Binary(op, output, new StridedView(0, [1]), a, new StridedView(0, [1]), b, new StridedView(0, [1]), [a.Length]);

    /// <summary>out[view] = op(a[view], scalar), or op(scalar, a[view]) when reversed.</summary>
    public void BinaryScalar(BinaryOp op, DeviceBuffer output, StridedView outputView, DeviceBuffer a, StridedView aView,
        float scalar, bool reversed, ReadOnlySpan<long> shape)
    {
        var (s, st, n) = ElementwiseLayout.Pack(shape, outputView, aView);
        Launch1D("elementwise.cu", "binary_scalar_strided", n,
            [KernelArg.Int((int)op), KernelArg.Of(output), KernelArg.Struct(st[0]), KernelArg.Of(a), KernelArg.Struct(st[1]),
             KernelArg.Float(scalar), KernelArg.Int(reversed), KernelArg.Struct(s), KernelArg.Long(n)]);
    }

    /// <summary>out[view] = a[view] + alpha * b[view].</summary>
    public void AddScaled(DeviceBuffer output, StridedView outputView, DeviceBuffer a, StridedView aView,
        DeviceBuffer b, StridedView bView, float alpha, ReadOnlySpan<long> shape)
        => Binary(BinaryOp.AddScaled, output, outputView, a, aView, b, bView, shape, alpha);

    /// <summary>Bool (UInt8 0/1) out[view] = a[view] op b[view] for the comparison ops Eq .. Ge.</summary>
    public void Compare(BinaryOp op, DeviceBuffer output, StridedView outputView, DeviceBuffer a, StridedView aView,
        DeviceBuffer b, StridedView bView, ReadOnlySpan<long> shape)
    {
        if (op is < BinaryOp.Eq or > BinaryOp.Ge)
        {
            throw new ArgumentException($"compare: {op} is not a comparison");
        }

        var (s, st, n) = ElementwiseLayout.Pack(shape, outputView, aView, bView);
        Launch1D("elementwise.cu", "compare_strided", n,
            [KernelArg.Int((int)op), KernelArg.Of(output), KernelArg.Struct(st[0]), KernelArg.Of(a), KernelArg.Struct(st[1]),
             KernelArg.Of(b), KernelArg.Struct(st[2]), KernelArg.Struct(s), KernelArg.Long(n)]);
    }

    /// <summary>out[view] = condition[view] ? a[view] : b[view]; condition is Bool (or UInt8, non-zero true).</summary>
    public void Where(DeviceBuffer output, StridedView outputView, DeviceBuffer condition, StridedView conditionView,
        DeviceBuffer a, StridedView aView, DeviceBuffer b, StridedView bView, ReadOnlySpan<long> shape)
    {
        var (s, st, n) = ElementwiseLayout.Pack(shape, outputView, conditionView, aView, bView);
        Launch1D("elementwise.cu", "where_strided", n,
            [KernelArg.Of(output), KernelArg.Struct(st[0]), KernelArg.Of(condition), KernelArg.Struct(st[1]),
             KernelArg.Of(a), KernelArg.Struct(st[2]), KernelArg.Of(b), KernelArg.Struct(st[3]), KernelArg.Struct(s), KernelArg.Long(n)]);
    }

    // ------------------------------------------------------------------ reduce.cu ([outer, reduce, inner] -> [outer, inner])

    public void ReduceSum(DeviceBuffer output, DeviceBuffer input, int outer, int reduce, int inner)
        => ReduceSumScaled(output, input, outer, reduce, inner, 1f);

    public void ReduceMean(DeviceBuffer output, DeviceBuffer input, int outer, int reduce, int inner)
        => ReduceSumScaled(output, input, outer, reduce, inner, reduce == 0 ? float.NaN : 1f / reduce);

    /// <summary>
    /// out = scale * sum along the middle dim. Rows (inner 1) of some length get a block each; other shapes a thread
    /// per output. An axis long enough to starve the device of parallel work is summed in chunks first, then the chunks.
    /// </summary>
    public void ReduceSumScaled(DeviceBuffer output, DeviceBuffer input, int outer, int reduce, int inner, float scale)
    {
        long outputs = (long)outer * inner;
        bool rows = inner == 1 && reduce >= BlockRowLength;
        int chunkLength = rows ? BlockChunkLength : LineChunkLength;
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
        KernelArg[] args = [KernelArg.Of(output), KernelArg.Of(input), KernelArg.Int(outer), KernelArg.Int(reduce), KernelArg.Int(inner),
            KernelArg.Int(chunkLength), KernelArg.Float(scale)];
        if (rows)
        {
            Backend.Launch("reduce.cu", "reduce_sum_forward", new Dim3(outer * inner, chunks), new Dim3(Threads), args);
        }
        else
        {
            Launch1D("reduce.cu", "reduce_sum_lines", (long)outer * chunks * inner, args);
        }
    }

    /// <summary>Max along the middle dim and (when <paramref name="indices"/> is not null, Int64) its first argmax.</summary>
    public void ReduceMax(DeviceBuffer output, DeviceBuffer? indices, DeviceBuffer input, int outer, int reduce, int inner)
        => Backend.Launch("reduce.cu", "reduce_max_forward", new Dim3(outer * inner), new Dim3(Threads),
            [KernelArg.Of(output), KernelArg.Of(indices), KernelArg.Of(input), KernelArg.Int(outer), KernelArg.Int(reduce), KernelArg.Int(inner)]);

    public void ReduceMaxBackward(DeviceBuffer gradInput, DeviceBuffer gradOutput, DeviceBuffer indices, int outer, int reduce, int inner)
        => Launch1D("reduce.cu", "reduce_max_backward", (long)outer * reduce * inner,
            [KernelArg.Of(gradInput), KernelArg.Of(gradOutput), KernelArg.Of(indices), KernelArg.Int(outer), KernelArg.Int(reduce), KernelArg.Int(inner)]);

    /// <summary>Backward of sum (scale 1) or mean (scale 1/reduce): broadcast gradOutput along the reduced dim.</summary>
    public void ReduceSumBackward(DeviceBuffer gradInput, DeviceBuffer gradOutput, int outer, int reduce, int inner, float scale)
        => Launch1D("reduce.cu", "reduce_sum_backward", (long)outer * reduce * inner,
            [KernelArg.Of(gradInput), KernelArg.Of(gradOutput), KernelArg.Int(outer), KernelArg.Int(reduce), KernelArg.Int(inner), KernelArg.Float(scale)]);

    /// <summary>Running sum along the middle dim (from the end when reversed), as Cpu.ScanKernels.Cumsum.</summary>
    public void Cumsum(DeviceBuffer output, DeviceBuffer input, int outer, int n, int inner, bool reverse)
        => Launch1D("reduce.cu", "cumsum", (long)outer * inner,
            [KernelArg.Of(output), KernelArg.Of(input), KernelArg.Int(outer), KernelArg.Int(n), KernelArg.Int(inner), KernelArg.Int(reverse)]);

    // ------------------------------------------------------------------ gemm.cu

    /// <summary>C = alpha * op(A) @ op(B) + beta * C, row-major, as Cpu.Gemm.Sgemm.</summary>
    public void Sgemm(bool transA, bool transB, int m, int n, int k, float alpha, DeviceBuffer a, int lda,
        DeviceBuffer b, int ldb, float beta, DeviceBuffer c, int ldc)
        => SgemmStridedBatched(transA, transB, m, n, k, alpha, a, lda, 0, b, ldb, 0, beta, c, ldc, 0, 1);

    /// <summary>As Cpu.Gemm.SgemmStridedBatched; stride 0 broadcasts one matrix. Offsets are in elements.</summary>
    public void SgemmStridedBatched(bool transA, bool transB, int m, int n, int k, float alpha,
        DeviceBuffer a, int lda, long strideA, DeviceBuffer b, int ldb, long strideB,
        float beta, DeviceBuffer c, int ldc, long strideC, int batch, long aOffset = 0, long bOffset = 0, long cOffset = 0)
    {
        if (m == 0 || n == 0 || batch == 0)
        {
            return;
        }

        Backend.Launch("gemm.cu", "sgemm_strided_batched", new Dim3((n + 63) / 64, (m + 63) / 64, batch), new Dim3(16, 16),
            [KernelArg.Int(transA), KernelArg.Int(transB), KernelArg.Int(m), KernelArg.Int(n), KernelArg.Int(k), KernelArg.Float(alpha),
             KernelArg.Of(a), KernelArg.Long(aOffset), KernelArg.Int(lda), KernelArg.Long(strideA),
             KernelArg.Of(b), KernelArg.Long(bOffset), KernelArg.Int(ldb), KernelArg.Long(strideB),
             KernelArg.Float(beta), KernelArg.Of(c), KernelArg.Long(cOffset), KernelArg.Int(ldc), KernelArg.Long(strideC), KernelArg.Int(batch)]);
    }

    // ------------------------------------------------------------------ optimizers.cu

    /// <summary>torch.optim.SGD step; momentumBuffer may be null when momentum is 0. firstStep initializes the buffer.</summary>
    public void SgdStep(DeviceBuffer param, DeviceBuffer grad, DeviceBuffer? momentumBuffer, long n, float lr, float momentum,
        float dampening, float weightDecay, bool nesterov, bool firstStep)
        => Launch1D("optimizers.cu", "sgd_step", n,
            [KernelArg.Of(param), KernelArg.Of(grad), KernelArg.Of(momentumBuffer), KernelArg.Long(n), KernelArg.Float(lr),
             KernelArg.Float(momentum), KernelArg.Float(dampening), KernelArg.Float(weightDecay), KernelArg.Int(nesterov), KernelArg.Int(firstStep)]);

    /// <summary>torch.optim.Adam (decoupled false) or AdamW (decoupled true) step number <paramref name="step"/> (1-based).</summary>
    public void AdamStep(DeviceBuffer param, DeviceBuffer grad, DeviceBuffer expAvg, DeviceBuffer expAvgSq, long n, float lr,
        float beta1, float beta2, float eps, float weightDecay, bool decoupled, long step)
    {
        double biasCorrection1 = 1 - Math.Pow(beta1, step);
        double biasCorrection2 = 1 - Math.Pow(beta2, step);
        Launch1D("optimizers.cu", "adam_step", n,
            [KernelArg.Of(param), KernelArg.Of(grad), KernelArg.Of(expAvg), KernelArg.Of(expAvgSq), KernelArg.Long(n), KernelArg.Float(lr),
             KernelArg.Float(beta1), KernelArg.Float(beta2), KernelArg.Float(eps), KernelArg.Float(weightDecay), KernelArg.Int(decoupled),
             KernelArg.Float((float)(lr / biasCorrection1)), KernelArg.Float((float)Math.Sqrt(biasCorrection2))]);
    }

    // ------------------------------------------------------------------ softmax_cross_entropy.cu ([outer, c, inner])

    public void SoftmaxForward(DeviceBuffer output, DeviceBuffer input, int outer, int c, int inner, bool log)
        => Backend.Launch("softmax_cross_entropy.cu", "softmax_forward", new Dim3(outer * inner), new Dim3(Threads),
            [KernelArg.Of(output), KernelArg.Of(input), KernelArg.Int(outer), KernelArg.Int(c), KernelArg.Int(inner), KernelArg.Int(log)]);

    public void SoftmaxBackward(DeviceBuffer gradInput, DeviceBuffer gradOutput, DeviceBuffer output, int outer, int c, int inner, bool log)
        => Backend.Launch("softmax_cross_entropy.cu", "softmax_backward", new Dim3(outer * inner), new Dim3(Threads),
            [KernelArg.Of(gradInput), KernelArg.Of(gradOutput), KernelArg.Of(output), KernelArg.Int(outer), KernelArg.Int(c), KernelArg.Int(inner),
             KernelArg.Int(log)]);

    /// <summary>
    /// Per-row losses [N, S], the rows' target weights [N, S] (the mean's denominator) and logsumexp [N, S] of x
    /// [N, C, S] against Int64 targets [N, S]: logits when <paramref name="fromLogits"/> (fused log-softmax), else
    /// log-probabilities (nll_loss). classWeights [C] may be null.
    /// </summary>
    public void CrossEntropyForward(DeviceBuffer losses, DeviceBuffer rowWeights, DeviceBuffer logSumExp, DeviceBuffer x,
        DeviceBuffer targets, DeviceBuffer? classWeights, int n, int c, int spatial, long ignoreIndex, float labelSmoothing, bool fromLogits)
        => Backend.Launch("softmax_cross_entropy.cu", "cross_entropy_forward", new Dim3(n * spatial), new Dim3(Threads),
            [KernelArg.Of(losses), KernelArg.Of(rowWeights), KernelArg.Of(logSumExp), KernelArg.Of(x), KernelArg.Of(targets),
             KernelArg.Of(classWeights), KernelArg.Int(n), KernelArg.Int(c), KernelArg.Int(spatial), KernelArg.Long(ignoreIndex),
             KernelArg.Float(labelSmoothing), KernelArg.Int(fromLogits)]);

    /// <summary>dx [N, C, S] from the upstream gradient of each row's loss: gradLosses[row * gradStride] (stride 0: one value for all).</summary>
    public void CrossEntropyBackward(DeviceBuffer gradX, DeviceBuffer gradLosses, int gradStride, DeviceBuffer x, DeviceBuffer logSumExp,
        DeviceBuffer targets, DeviceBuffer? classWeights, int n, int c, int spatial, long ignoreIndex, float labelSmoothing, bool fromLogits)
        => Backend.Launch("softmax_cross_entropy.cu", "cross_entropy_backward", new Dim3(n * spatial), new Dim3(Threads),
            [KernelArg.Of(gradX), KernelArg.Of(gradLosses), KernelArg.Int(gradStride), KernelArg.Of(x), KernelArg.Of(logSumExp),
             KernelArg.Of(targets), KernelArg.Of(classWeights), KernelArg.Int(n), KernelArg.Int(c), KernelArg.Int(spatial),
             KernelArg.Long(ignoreIndex), KernelArg.Float(labelSmoothing), KernelArg.Int(fromLogits)]);

    // ------------------------------------------------------------------ dropout.cu

    /// <summary>
    /// Inverted dropout with the CPU's mask: element i is kept (mask 1) when Philox.Uniform(seed, offset, i) &lt; 1 - p,
    /// compared exactly (on the uniform's 24 bits), and scaled by 1 / (1 - p) rounded to float.
    /// </summary>
    public void DropoutForward(DeviceBuffer output, DeviceBuffer mask, DeviceBuffer input, long n, double p, ulong seed, ulong offset)
        => Launch1D("dropout.cu", "dropout_forward", n,
            [KernelArg.Of(output), KernelArg.Of(mask), KernelArg.Of(input), KernelArg.Long(n), KernelArg.Int(KeepBelow(p)),
             KernelArg.Float(DropoutScale(p)), KernelArg.ULong(seed), KernelArg.ULong(offset)]);

    public void DropoutBackward(DeviceBuffer gradInput, DeviceBuffer gradOutput, DeviceBuffer mask, long n, double p)
        => Launch1D("dropout.cu", "dropout_backward", n,
            [KernelArg.Of(gradInput), KernelArg.Of(gradOutput), KernelArg.Of(mask), KernelArg.Long(n), KernelArg.Float(DropoutScale(p))]);

    /// <summary>out[i] = Philox.Uniform(seed, offset, i): torch.rand with the CPU's numbers.</summary>
    public void UniformFill(DeviceBuffer output, long n, ulong seed, ulong offset)
        => Launch1D("dropout.cu", "philox_uniform_fill", n,
            [KernelArg.Of(output), KernelArg.Long(n), KernelArg.ULong(seed), KernelArg.ULong(offset)]);

    // u = bits * 2^-24 < 1 - p  exactly when  bits < ceil((1 - p) * 2^24), the product being exact in double.
    private static int KeepBelow(double p) => (int)Math.Ceiling((1 - p) * 16777216.0);

    private static float DropoutScale(double p) => p < 1 ? (float)(1.0 / (1 - p)) : 0f;

    // ------------------------------------------------------------------ helpers

    private void Launch1D(string file, string kernel, long n, ReadOnlySpan<KernelArg> args)
    {
        if (n <= 0)
        {
            return;
        }

        long blocks = Math.Min(MaxBlocks, (n + Threads - 1) / Threads);
        Backend.Launch(file, kernel, new Dim3((int)blocks), new Dim3(Threads), args);
    }

    /// <summary>One thread per item, no grid-stride loop in the kernel: every item needs its own thread.</summary>
    private void LaunchPerItem(string file, string kernel, long n, ReadOnlySpan<KernelArg> args)
    {
        if (n <= 0)
        {
            return;
        }

        Backend.Launch(file, kernel, new Dim3(checked((int)((n + Threads - 1) / Threads))), new Dim3(Threads), args);
    }

    /// <summary>The kernels' name for an element type: f32, i64, i32, u8 (Bool is stored as u8).</summary>
    private static string TypeName(DType dtype, string op) => dtype switch
    {
        DType.Float32 => "f32",
        DType.Int64 => "i64",
        DType.Int32 => "i32",
        DType.UInt8 or DType.Bool => "u8",
        _ => throw Unsupported(op, dtype),
    };

    private static NotSupportedException Unsupported(string op, DType dtype)
        => new($"{op}: device kernels take float32, int64, int32, uint8 and bool buffers, not {dtype.Name()} (float64 stays on the CPU)");
}
