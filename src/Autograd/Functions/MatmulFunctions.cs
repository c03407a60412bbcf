using System.Numerics;
using IlgpuNet.Kernels;
using IlgpuNet.Kernels.Cpu;
using IlgpuNet.Tensors;

namespace IlgpuNet.Autograd.Functions;

/// <summary>
/// torch.matmul: 1-D operands are promoted and the added dim removed afterwards, batch dims broadcast, and the core
/// batched product runs as one strided-batched GEMM (the CPU's, or GemmKernels on a device) with transposes folded into
/// GEMM flags (no copies for transposed views). Backward: dA = g Bᵀ, dB = Aᵀ g.
/// </summary>
public static class MatmulFunctions
{
    public static Tensor Matmul(Tensor a, Tensor b)
    {
        RawOps.RequireSameDevice("matmul", a, b);
        if (a.Rank == 0 || b.Rank == 0)
        {
            throw new ArgumentException($"matmul: both arguments need at least one dimension, got {ShapeRules.Format(a.ShapeRef)} and {ShapeRules.Format(b.ShapeRef)}");
        }

        if (a.DType != b.DType)
        {
            throw new ArgumentException($"matmul: dtypes differ ({a.DType.Name()} and {b.DType.Name()})");
        }

        if (a.Rank == 1)
        {
            return Matmul(a.Unsqueeze(0), b).Squeeze(-2);
        }

        if (b.Rank == 1)
        {
            return Matmul(a, b.Unsqueeze(-1)).Squeeze(-1);
        }

        int m = a.ShapeRef[^2], k = a.ShapeRef[^1], kb = b.ShapeRef[^2], n = b.ShapeRef[^1];
        if (k != kb)
        {
            throw new ArgumentException($"matmul: shapes {ShapeRules.Format(a.ShapeRef)} and {ShapeRules.Format(b.ShapeRef)} cannot be multiplied ({k} vs {kb})");
        }

        // (..., m, k) @ (k, n): fold the batch into the rows of one GEMM, as a linear layer on a batch does.
        if (b.Rank == 2 && a.Rank > 2 && a.IsContiguous)
        {
            var outShape = a.ShapeRef[..^1].Append(n).ToArray();
            return BatchedProduct(a.Reshape(-1, k), b).Reshape(outShape);
        }

        // the expanded views are released once the product's node holds what backward reads (their storages are a's and b's)
        var batch = ShapeRules.Broadcast("matmul", a.ShapeRef[..^2], b.ShapeRef[..^2]);
        using var ae = a.Expand([.. batch, m, k]);
        using var be = b.Expand([.. batch, k, n]);
        return BatchedProduct(ae, be);
    }

    /// <summary>
    /// torch.nn.functional.linear with a bias, as PyTorch's addmm: y (*, out) = x (*, in) @ Wᵀ + b is one GEMM whose C
    /// starts as copies of b (beta = 1), so the bias costs no second pass over y and no second array of y's size.
    /// CPU float tensors of matching shapes; anything else goes through matmul + add (and its errors).
    /// Backward: dx = g W, dW = gᵀ x, db = g summed over rows.
    /// </summary>
    public static Tensor Linear(Tensor x, Tensor weight, Tensor bias)
    {
        if (!Fusable(x, weight, bias))
        {
            return ElementwiseFunctions.Add(Matmul(x, weight.Transpose(0, 1)), bias);
        }

        int k = weight.ShapeRef[1], n = weight.ShapeRef[0];
        using var rows = x.Reshape(-1, k);
        var y = RawOps.Empty([rows.ShapeRef[0], n], x.DType, x.Device);
        using (GradMode.NoGrad())
        {
            using var weightT = weight.Transpose(0, 1);
            if (x.DType == DType.Float32)
            {
                BiasPlusProduct<float>(rows, weightT, bias, y);
            }
            else
            {
                BiasPlusProduct<double>(rows, weightT, bias, y);
            }
        }

        var outShape = x.ShapeRef[..^1].Append(n).ToArray();
        using var product = Graph.Record("AddmmBackward", y, [rows, weight, bias], g =>
        {
            using var gT = g.Transpose(0, 1);
            return [rows.RequiresGrad ? Multiply(g, weight) : null,
                    weight.RequiresGrad ? Multiply(gT, rows) : null,
                    bias.RequiresGrad ? g.SumToShape(bias.ShapeRef) : null];
        }, saved: [weight.RequiresGrad ? rows : null, rows.RequiresGrad ? weight : null]);
        return product.Reshape(outShape);
    }

    /// <summary>
    /// relu(h) @ Wᵀ + b without writing relu(h): the GEMM rectifies h as it packs it (<see cref="GemmFusion"/>), and
    /// the backward masks dh as its GEMM stores it and rectifies h again for dW, so the ReLU costs no pass over memory
    /// in either direction. Sequential runs a ReLU followed by a Linear this way (NeRF's MLP is eight of them). CPU
    /// float tensors of matching shapes; anything else runs the two ops.
    /// Backward: dh = (g @ W) ⊙ [h &gt; 0], dW = gᵀ @ relu(h), db = g summed over rows.
    /// </summary>
    public static Tensor ReluLinear(Tensor h, Tensor weight, Tensor? bias)
    {
        if (!Fusable(h, weight, bias))
        {
            using var rectified = h.Relu();
            return bias is null ? Matmul(rectified, weight.Transpose(0, 1)) : Linear(rectified, weight, bias);
        }

        int k = weight.ShapeRef[1], n = weight.ShapeRef[0];
        using var rows = h.Reshape(-1, k);
        int m = rows.ShapeRef[0];
        var y = RawOps.Empty([m, n], h.DType, h.Device);
        using (GradMode.NoGrad())
        {
            using var weightT = weight.Transpose(0, 1);
            KernelBuffers.Dispatch("relu_linear", h,
                () => BiasPlusProduct<float>(rows, weightT, bias, y, GemmFusion.RectifiedA),
                () => BiasPlusProduct<double>(rows, weightT, bias, y, GemmFusion.RectifiedA));
        }

        var outShape = h.ShapeRef[..^1].Append(n).ToArray();
        Tensor[] inputs = bias is null ? [rows, weight] : [rows, weight, bias];
        using var product = Graph.Record("ReluAddmmBackward", y, inputs, g =>
        {
            var gd = KernelBuffers.Dense(g);
            Tensor? dRows = rows.RequiresGrad ? RawOps.Empty([m, k], h.DType, h.Device) : null;
            Tensor? dWeight = weight.RequiresGrad ? RawOps.Empty([n, k], h.DType, h.Device) : null;
            KernelBuffers.Dispatch("relu_linear", h,
                () => ReluLinearBackward<float>(gd, rows, weight, dRows, dWeight, m, n, k),
                () => ReluLinearBackward<double>(gd, rows, weight, dRows, dWeight, m, n, k));
            var dBias = bias is { RequiresGrad: true } ? gd.SumToShape(bias.ShapeRef) : null;
            KernelBuffers.DisposeCopy(gd, g);
            return bias is null ? [dRows, dWeight] : [dRows, dWeight, dBias];
        }, saved: [rows, weight]);
        return product.Reshape(outShape);
    }

    /// <summary>
    /// linear(cat([x, p], -1), weight, bias) without writing the concatenation, p = relu(h) when
    /// <paramref name="rectified"/> (the GEMM rectifies h as it packs it), else p = h: y = b + x @ W[:, :kx]ᵀ, then
    /// p @ W[:, kx:]ᵀ added into the same y (beta = 1). A skip connection's layer keeps x and h, which the layers that
    /// made them keep already, instead of a concatenation of them, and no output is written twice. The two products
    /// sum in another order than one product over the concatenation. CPU float tensors; anything else runs the
    /// concatenation and the linear layer.
    /// Backward: dx = g @ W[:, :kx], dh = (g @ W[:, kx:]) ⊙ [h &gt; 0] (unmasked for p = h), dW = [gᵀ @ x, gᵀ @ p]
    /// written into one array, db = g summed over rows.
    /// </summary>
    public static Tensor LinearOverParts(Tensor x, Tensor h, bool rectified, Tensor weight, Tensor? bias)
    {
        int kx = x.ShapeRef[^1], kh = h.ShapeRef[^1], n = weight.ShapeRef[0];
        if (weight.Rank != 2 || kx + kh != weight.ShapeRef[1] || !x.ShapeRef[..^1].AsSpan().SequenceEqual(h.ShapeRef[..^1]))
        {
            throw new ArgumentException($"linear over parts: parts {ShapeRules.Format(x.ShapeRef)} and {ShapeRules.Format(h.ShapeRef)} for a weight of shape {ShapeRules.Format(weight.ShapeRef)}");
        }

        if (!Fusable(x, weight, bias, kx) || !Fusable(h, weight, null, kh) || h.DType != x.DType)
        {
            using var p = rectified ? h.Relu() : null;
            using var joined = Tensor.Cat([x, p ?? h], -1);
            return bias is null ? Matmul(joined, weight.Transpose(0, 1)) : Linear(joined, weight, bias);
        }

        using var xRows = x.Reshape(-1, kx);
        using var hRows = h.Reshape(-1, kh);
        int m = xRows.ShapeRef[0], k = kx + kh;
        var y = RawOps.Empty([m, n], x.DType, x.Device);
        using (GradMode.NoGrad())
        {
            using var xWeight = weight.Narrow(1, 0, kx);
            using var hWeight = weight.Narrow(1, kx, kh);
            using var xWeightT = xWeight.Transpose(0, 1);
            using var hWeightT = hWeight.Transpose(0, 1);
            var fusion = rectified ? GemmFusion.RectifiedA : GemmFusion.None;
            KernelBuffers.Dispatch("linear_over_parts", x,
                () => { BiasPlusProduct<float>(xRows, xWeightT, bias, y); BiasPlusProduct<float>(hRows, hWeightT, null, y, fusion, accumulate: true); },
                () => { BiasPlusProduct<double>(xRows, xWeightT, bias, y); BiasPlusProduct<double>(hRows, hWeightT, null, y, fusion, accumulate: true); });
        }

        var outShape = x.ShapeRef[..^1].Append(n).ToArray();
        Tensor[] inputs = bias is null ? [xRows, hRows, weight] : [xRows, hRows, weight, bias];
        using var product = Graph.Record("LinearOverPartsBackward", y, inputs, g =>
        {
            var gd = KernelBuffers.Dense(g);
            Tensor? dx = xRows.RequiresGrad ? RawOps.Empty([m, kx], x.DType, x.Device) : null;
            Tensor? dh = hRows.RequiresGrad ? RawOps.Empty([m, kh], x.DType, x.Device) : null;
            Tensor? dWeight = weight.RequiresGrad ? RawOps.Empty([n, k], x.DType, x.Device) : null;
            KernelBuffers.Dispatch("linear_over_parts", x,
                () => LinearOverPartsBackward<float>(gd, xRows, hRows, rectified, weight, dx, dh, dWeight),
                () => LinearOverPartsBackward<double>(gd, xRows, hRows, rectified, weight, dx, dh, dWeight));
            var dBias = bias is { RequiresGrad: true } ? gd.SumToShape(bias.ShapeRef) : null;
            KernelBuffers.DisposeCopy(gd, g);
            return bias is null ? [dx, dh, dWeight] : [dx, dh, dWeight, dBias];
        }, saved: [weight.RequiresGrad ? xRows : null, weight.RequiresGrad || (rectified && hRows.RequiresGrad) ? hRows : null,
            xRows.RequiresGrad || hRows.RequiresGrad ? weight : null]);
        return product.Reshape(outShape);
    }

    // dx (m, kx) = g (m, n) @ W[:, :kx]; dh (m, kh) = (g @ W[:, kx:]) ⊙ [h > 0]; dW (n, kx + kh) = [gᵀ @ x, gᵀ @ relu(h)]
    private static void LinearOverPartsBackward<T>(Tensor g, Tensor x, Tensor h, bool rectified, Tensor weight, Tensor? dx, Tensor? dh, Tensor? dWeight)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int m = g.ShapeRef[0], n = g.ShapeRef[1], kx = x.ShapeRef[1], kh = h.ShapeRef[1], k = kx + kh;
        var gs = KernelBuffers.Span<T>(g);
        var hs = KernelBuffers.Span<T>(h);
        var contiguousWeight = KernelBuffers.Dense(weight);
        var ws = KernelBuffers.Span<T>(contiguousWeight);
        if (dx != null)
        {
            Gemm.Fused<T>(false, false, m, kx, n, T.One, gs, n, ws, k, T.Zero, KernelBuffers.Span<T>(dx), kx, GemmFusion.None);
        }

        if (dh != null)
        {
            Gemm.Fused<T>(false, false, m, kh, n, T.One, gs, n, ws[kx..], k, T.Zero, KernelBuffers.Span<T>(dh), kh,
                rectified ? GemmFusion.PositiveMask : GemmFusion.None, rectified ? hs : default, rectified ? kh : 0);
        }

        if (dWeight != null)
        {
            var dw = KernelBuffers.Span<T>(dWeight);
            Gemm.Fused<T>(true, false, n, kx, m, T.One, gs, n, KernelBuffers.Span<T>(x), kx, T.Zero, dw, k, GemmFusion.None);
            Gemm.Fused<T>(true, false, n, kh, m, T.One, gs, n, hs, kh, T.Zero, dw[kx..], k, rectified ? GemmFusion.RectifiedB : GemmFusion.None);
        }

        KernelBuffers.DisposeCopy(contiguousWeight, weight);
    }

    // dh (m, k) = (g (m, n) @ W (n, k)) ⊙ [h > 0]; dW (n, k) = gᵀ @ relu(h (m, k))
    private static void ReluLinearBackward<T>(Tensor g, Tensor h, Tensor weight, Tensor? dh, Tensor? dWeight, int m, int n, int k)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var gs = KernelBuffers.Span<T>(g);
        var hs = KernelBuffers.Span<T>(h);
        var contiguousWeight = KernelBuffers.Dense(weight);
        if (dh != null)
        {
            Gemm.Fused<T>(false, false, m, k, n, T.One, gs, n, KernelBuffers.Span<T>(contiguousWeight), k, T.Zero, KernelBuffers.Span<T>(dh), k,
                GemmFusion.PositiveMask, hs, k);
        }

        if (dWeight != null)
        {
            Gemm.Fused<T>(true, false, n, k, m, T.One, gs, n, hs, k, T.Zero, KernelBuffers.Span<T>(dWeight), k, GemmFusion.RectifiedB);
        }

        KernelBuffers.DisposeCopy(contiguousWeight, weight);
    }

    // The CPU float tensors of matching shapes that the one-GEMM linear layers take (x's last dim: the weight's
    // columns, or the given part of them).
    private static bool Fusable(Tensor x, Tensor weight, Tensor? bias, int? columns = null)
        => x.Device.IsCpu && weight.Device.IsCpu && (bias is null || bias.Device.IsCpu)
            && (x.DType == DType.Float32 || x.DType == DType.Float64) && weight.DType == x.DType && (bias is null || bias.DType == x.DType)
            && x.Rank >= 2 && weight.Rank == 2 && (bias is null || (bias.Rank == 1 && bias.ShapeRef[0] == weight.ShapeRef[0]))
            && x.ShapeRef[^1] == (columns ?? weight.ShapeRef[1]);

    // y (m, n) = bias broadcast over rows, then y += a (m, k) @ b (k, n) in the GEMM's C (beta = 1); no bias: y = a @ b,
    // or y += a @ b when accumulating.
    private static void BiasPlusProduct<T>(Tensor a, Tensor b, Tensor? bias, Tensor y, GemmFusion fusion = GemmFusion.None, bool accumulate = false)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var opA = GemmOperand.From(a);
        var opB = GemmOperand.From(b);
        int m = a.ShapeRef[0], k = a.ShapeRef[1], n = b.ShapeRef[1];
        var yData = y.Data<T>();
        if (bias is not null)
        {
            var contiguousBias = bias.Contiguous();
            var biasRow = contiguousBias.Data<T>().AsMemory(contiguousBias.Offset, n);
            CpuParallel.For(m, n, (start, end) =>
            {
                for (long i = start; i < end; i++)
                {
                    biasRow.Span.CopyTo(yData.AsSpan((int)(i * n), n));
                }
            });
        }

        Gemm.Fused<T>(opA.Transposed, opB.Transposed, m, n, k, T.One,
            opA.Tensor.Data<T>().AsSpan(opA.Tensor.Offset), opA.LeadingDim,
            opB.Tensor.Data<T>().AsSpan(opB.Tensor.Offset), opB.LeadingDim, bias is null && !accumulate ? T.Zero : T.One, yData.AsSpan(0, m * n), n, fusion);
    }

    // y (batch..., m, n) = a (batch..., m, k) @ b (batch..., k, n), identical batch shapes
    private static Tensor BatchedProduct(Tensor a, Tensor b)
    {
        var y = Multiply(a, b);
        return Graph.Record("MmBackward", y, [a, b], g =>
        {
            using var bT = a.RequiresGrad ? b.Transpose(-1, -2) : null;
            using var aT = b.RequiresGrad ? a.Transpose(-1, -2) : null;
            return [a.RequiresGrad ? Multiply(g, bT!) : null, b.RequiresGrad ? Multiply(aT!, g) : null];
        }, saved: [b.RequiresGrad ? a : null, a.RequiresGrad ? b : null]);
    }

    private static Tensor Multiply(Tensor a, Tensor b)
    {
        var opA = GemmOperand.From(a);
        var opB = GemmOperand.From(b);
        int m = a.ShapeRef[^2], k = a.ShapeRef[^1], n = b.ShapeRef[^1];
        var outShape = a.ShapeRef[..^2].Concat(new[] { m, n }).ToArray();
        var y = RawOps.Empty(outShape, a.DType, a.Device);
        int batch = ShapeRules.Numel(a.ShapeRef[..^2]);
        if (!a.Device.IsCpu)
        {
            // the tiled GEMM of GemmKernels, with the operands' offsets and strides as they are
            DeviceTensor.RequireFloat32("matmul", a);
            a.Kernels().SgemmStridedBatched(opA.Transposed, opB.Transposed, m, n, k, 1f,
                opA.Tensor.Buffer(), opA.LeadingDim, opA.BatchStride, opB.Tensor.Buffer(), opB.LeadingDim, opB.BatchStride,
                0f, y.Buffer(), n, (long)m * n, batch, aOffset: opA.Tensor.Offset, bOffset: opB.Tensor.Offset);
        }
        else if (a.DType == DType.Float32)
        {
            Gemm.SgemmStridedBatched(opA.Transposed, opB.Transposed, m, n, k, 1f,
                opA.Tensor.Data<float>().AsSpan(opA.Tensor.Offset), opA.LeadingDim, opA.BatchStride,
                opB.Tensor.Data<float>().AsSpan(opB.Tensor.Offset), opB.LeadingDim, opB.BatchStride,
                0f, y.Data<float>(), n, (long)m * n, batch);
        }
        else if (a.DType == DType.Float64)
        {
            Gemm.DgemmStridedBatched(opA.Transposed, opB.Transposed, m, n, k, 1.0,
                opA.Tensor.Data<double>().AsSpan(opA.Tensor.Offset), opA.LeadingDim, opA.BatchStride,
                opB.Tensor.Data<double>().AsSpan(opB.Tensor.Offset), opB.LeadingDim, opB.BatchStride,
                0.0, y.Data<double>(), n, (long)m * n, batch);
        }
        else
        {
            throw new ArgumentException($"matmul: needs floating-point tensors, got {a.DType.Name()}");
        }

        return y;
    }

    /// <summary>How a (batch..., rows, cols) view reaches GEMM: row- or column-major inner matrix, one batch stride.</summary>
    private readonly record struct GemmOperand(Tensor Tensor, bool Transposed, int LeadingDim, long BatchStride)
    {
        public static GemmOperand From(Tensor t)
        {
            return TryView(t) ?? TryView(t.Contiguous()) ?? throw new InvalidOperationException("matmul: contiguous operand not accepted");
        }

        private static GemmOperand? TryView(Tensor t)
        {
            int rows = t.ShapeRef[^2], cols = t.ShapeRef[^1];
            int rs = t.StridesRef[^2], cs = t.StridesRef[^1];
            bool transposed;
            int ld;
            if ((cs == 1 || cols == 1) && rs >= cols)
            {
                (transposed, ld) = (false, Math.Max(rs, Math.Max(cols, 1)));
            }
            else if ((rs == 1 || rows == 1) && cs >= rows)
            {
                (transposed, ld) = (true, Math.Max(cs, Math.Max(rows, 1)));
            }
            else
            {
                return null;
            }

            // batch dims must collapse into a single stride (or all broadcast with stride 0)
            long batchStride = 0;
            bool first = true;
            for (int d = t.Rank - 3; d >= 0; d--)
            {
                if (t.ShapeRef[d] == 1)
                {
                    continue;
                }

                if (first)
                {
                    batchStride = t.StridesRef[d];
                    first = false;
                    continue;
                }

                long expected = t.StridesRef[d + 1] * (long)t.ShapeRef[d + 1];
                if (t.StridesRef[d] != expected && !(t.StridesRef[d] == 0 && batchStride == 0))
                {
                    return null;
                }
            }

            if (t.Rank > 2 && HasMixedBroadcast(t))
            {
                return null;
            }

            return new GemmOperand(t, transposed, ld, batchStride);
        }

        /// <summary>A batch of mixed broadcast (stride 0) and real dims cannot be walked with one stride.</summary>
        private static bool HasMixedBroadcast(Tensor t)
        {
            bool anyZero = false, anyReal = false;
            for (int d = 0; d < t.Rank - 2; d++)
            {
                if (t.ShapeRef[d] == 1)
                {
                    continue;
                }

                if (t.StridesRef[d] == 0)
                {
                    anyZero = true;
                }
                else
                {
                    anyReal = true;
                }
            }

            return anyZero && anyReal;
        }
    }
}
