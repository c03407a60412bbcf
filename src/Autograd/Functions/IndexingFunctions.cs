using IlgpuNet.Kernels;
using IlgpuNet.Kernels.Cpu;
using IlgpuNet.Tensors;

namespace IlgpuNet.Autograd.Functions;

/// <summary>Joining and indexing ops — cat, gather, index_select, scatter_add, masked_fill — with their backward.</summary>
public static class IndexingFunctions
{
    // y = [x0, x1, ...] joined along dim            dx_i = the slice of g that x_i filled
    public static Tensor Cat(Tensor[] tensors, int dim)
    {
        if (tensors.Length == 0)
        {
            throw new ArgumentException("cat: expected a non-empty list of tensors");
        }

        var first = tensors[0];
        dim = ShapeRules.WrapDim("cat", dim, first.Rank);
        var shape = first.Shape;
        int total = 0;
        foreach (var t in tensors)
        {
            RawOps.RequireSameDevice("cat", first, t);
            bool fits = t.Rank == first.Rank && t.DType == first.DType;
            for (int d = 0; d < first.Rank && fits; d++)
            {
                fits = d == dim || t.ShapeRef[d] == first.ShapeRef[d];
            }

            if (!fits)
            {
                throw new ArgumentException($"cat: tensors must match except in dimension {dim}; got {ShapeRules.Format(first.ShapeRef)} {first.DType.Name()} and {ShapeRules.Format(t.ShapeRef)} {t.DType.Name()}");
            }

            total += t.ShapeRef[dim];
        }

        shape[dim] = total;
        var y = RawOps.Empty(shape, first.DType, first.Device);
        var starts = new int[tensors.Length];
        int at = 0;
        for (int i = 0; i < tensors.Length; i++)
        {
            starts[i] = at;
            int length = tensors[i].ShapeRef[dim];
            using (GradMode.NoGrad())
            {
                RawOps.CopyInto(y.Narrow(dim, at, length), tensors[i]);
            }

            at += length;
        }

        return Graph.Record("CatBackward", y, tensors, g =>
            tensors.Select((t, i) => t.RequiresGrad ? g.Narrow(dim, starts[i], t.ShapeRef[dim]) : null).ToArray());
    }

    // y[p] = x[p with p[dim] := index[p]]              dx = scatter_add of g by index
    public static Tensor Gather(Tensor x, int dim, Tensor index)
    {
        dim = ShapeRules.WrapDim("gather", dim, x.Rank);
        var idx = IndexArray("gather", index, x.Rank);
        var y = RawOps.Empty(index.ShapeRef, x.DType, x.Device);
        switch (x.Storage.Data)
        {
            case float[] f: IndexKernels.Gather(index.ShapeRef, idx, f, x.Offset, x.StridesRef, x.ShapeRef, dim, y.Data<float>()); break;
            case double[] d: IndexKernels.Gather(index.ShapeRef, idx, d, x.Offset, x.StridesRef, x.ShapeRef, dim, y.Data<double>()); break;
            case long[] l: IndexKernels.Gather(index.ShapeRef, idx, l, x.Offset, x.StridesRef, x.ShapeRef, dim, y.Data<long>()); break;
            default: throw new ArgumentException($"gather: unsupported dtype {x.DType.Name()}");
        }

        return Graph.Record("GatherBackward", y, [x], g => [Tensor.Zeros(x.ShapeRef, g.DType).ScatterAdd(dim, index, g)]);
    }

    // y = x with y[p with p[dim] := index[p]] += src[p]     dx = g, dsrc = gather(g, index)
    public static Tensor ScatterAdd(Tensor x, int dim, Tensor index, Tensor source)
    {
        dim = ShapeRules.WrapDim("scatter_add", dim, x.Rank);
        if (!index.ShapeRef.AsSpan().SequenceEqual(source.ShapeRef))
        {
            throw new ArgumentException($"scatter_add: index {ShapeRules.Format(index.ShapeRef)} and source {ShapeRules.Format(source.ShapeRef)} must have the same shape");
        }

        var idx = IndexArray("scatter_add", index, x.Rank);
        var y = x.Detach().Clone();
        var src = source.To(x.DType).Contiguous();
        switch (y.Storage.Data)
        {
            case float[] f: IndexKernels.ScatterAdd(index.ShapeRef, idx, src.Data<float>()[src.Offset..], y.ShapeRef, dim, f); break;
            case double[] d: IndexKernels.ScatterAdd(index.ShapeRef, idx, src.Data<double>()[src.Offset..], y.ShapeRef, dim, d); break;
            default: throw new ArgumentException($"scatter_add: needs a floating-point tensor, got {x.DType.Name()}");
        }

        return Graph.Record("ScatterAddBackward", y, [x, source], g => [g, source.RequiresGrad ? g.Gather(dim, index) : null]);
    }

    // y = x[..., index, ...] along dim                 dx = index_add of g
    public static Tensor IndexSelect(Tensor x, int dim, Tensor index)
    {
        dim = ShapeRules.WrapDim("index_select", dim, x.Rank);
        if (index.Rank != 1)
        {
            throw new ArgumentException($"index_select: index must be 1-D, got {ShapeRules.Format(index.ShapeRef)}");
        }

        var idx = IndexArray("index_select", index, 1);
        var input = x.Contiguous();
        var (outer, n, inner) = RawOps.AroundDim(x.ShapeRef, dim);
        var shape = x.Shape;
        shape[dim] = idx.Length;
        var y = RawOps.Empty(shape, x.DType, x.Device);
        switch (input.Storage.Data)
        {
            case float[] f: IndexKernels.IndexSelect(f[input.Offset..], outer, n, inner, idx, y.Data<float>()); break;
            case double[] d: IndexKernels.IndexSelect(d[input.Offset..], outer, n, inner, idx, y.Data<double>()); break;
            case long[] l: IndexKernels.IndexSelect(l[input.Offset..], outer, n, inner, idx, y.Data<long>()); break;
            case int[] i: IndexKernels.IndexSelect(i[input.Offset..], outer, n, inner, idx, y.Data<int>()); break;
            case byte[] b: IndexKernels.IndexSelect(b[input.Offset..], outer, n, inner, idx, y.Data<byte>()); break;
        }

        return Graph.Record("IndexSelectBackward", y, [x], g =>
        {
            var gc = g.Contiguous();
            var dx = Tensor.Zeros(x.ShapeRef, g.DType);
            if (g.DType == DType.Float32)
            {
                IndexKernels.IndexAdd(gc.Data<float>()[gc.Offset..], outer, n, inner, idx, dx.Data<float>());
            }
            else
            {
                IndexKernels.IndexAdd(gc.Data<double>()[gc.Offset..], outer, n, inner, idx, dx.Data<double>());
            }

            return [dx];
        });
    }

    // y = mask ? value : x                              dx = g where !mask
    public static Tensor MaskedFill(Tensor x, Tensor mask, double value)
    {
        var fill = Tensor.Full([], value, x.DType);
        var y = RawOps.Where(mask, fill, x);
        if (!y.ShapeRef.AsSpan().SequenceEqual(x.ShapeRef))
        {
            throw new ArgumentException($"masked_fill: mask {ShapeRules.Format(mask.ShapeRef)} does not broadcast to {ShapeRules.Format(x.ShapeRef)}");
        }

        return Graph.Record("MaskedFillBackward", y, [x], g => [RawOps.Where(mask, Tensor.ZerosLike(g), g)]);
    }

    private static long[] IndexArray(string op, Tensor index, int rank)
    {
        if (index.DType is not (DType.Int64 or DType.Int32))
        {
            throw new ArgumentException($"{op}: index must be int64 or int32, got {index.DType.Name()}");
        }

        if (index.Rank != rank)
        {
            throw new ArgumentException($"{op}: index has rank {index.Rank}, expected {rank}");
        }

        return index.To(DType.Int64).ToArray<long>();
    }
}
