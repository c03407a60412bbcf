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
                using var slot = y.Narrow(dim, at, length);
                RawOps.CopyInto(slot, tensors[i]);
            }

            at += length;
        }

        return Graph.Record("CatBackward", y, tensors, g =>
            tensors.Select((t, i) => t.RequiresGrad ? g.Narrow(dim, starts[i], t.ShapeRef[dim]) : null).ToArray(), saved: []);
    }

    // y[p] = x[p with p[dim] := index[p]]              dx = scatter_add of g by index
    public static Tensor Gather(Tensor x, int dim, Tensor index)
    {
        dim = ShapeRules.WrapDim("gather", dim, x.Rank);
        if (!x.Device.IsCpu)
        {
            var gathered = RawOps.Empty(index.ShapeRef, x.DType, x.Device);
            DeviceIndexing.Gather(x, dim, DeviceIndex("gather", index, x.Rank, x), gathered);
            return RecordGather(x, dim, index, gathered);
        }

        var idx = IndexArray("gather", index, x.Rank);
        var y = RawOps.Empty(index.ShapeRef, x.DType, x.Device);
        switch (x.Storage.Data)
        {
            case float[] f: IndexKernels.Gather(index.ShapeRef, idx, f, x.Offset, x.StridesRef, x.ShapeRef, dim, y.Data<float>()); break;
            case double[] d: IndexKernels.Gather(index.ShapeRef, idx, d, x.Offset, x.StridesRef, x.ShapeRef, dim, y.Data<double>()); break;
            case long[] l: IndexKernels.Gather(index.ShapeRef, idx, l, x.Offset, x.StridesRef, x.ShapeRef, dim, y.Data<long>()); break;
            default: throw new ArgumentException($"gather: unsupported dtype {x.DType.Name()}");
        }

        return RecordGather(x, dim, index, y);
    }

    private static Tensor RecordGather(Tensor x, int dim, Tensor index, Tensor y)
        => Graph.Record("GatherBackward", y, [x], g => [Tensor.Zeros(x.ShapeRef, g.DType, g.Device).ScatterAdd(dim, index, g)], saved: [index]);

    // y = x with y[p with p[dim] := index[p]] += src[p]     dx = g, dsrc = gather(g, index)
    public static Tensor ScatterAdd(Tensor x, int dim, Tensor index, Tensor source)
    {
        dim = ShapeRules.WrapDim("scatter_add", dim, x.Rank);
        if (!index.ShapeRef.AsSpan().SequenceEqual(source.ShapeRef))
        {
            throw new ArgumentException($"scatter_add: index {ShapeRules.Format(index.ShapeRef)} and source {ShapeRules.Format(source.ShapeRef)} must have the same shape");
        }

        if (!x.Device.IsCpu)
        {
            var scattered = x.Detach().Clone();
            DeviceTensor.RequireFloat32("scatter_add", scattered);
            DeviceIndexing.ScatterAdd(scattered, dim, DeviceIndex("scatter_add", index, x.Rank, x), DeviceTensor.Packed(source.To(x.DType)));
            return RecordScatterAdd(x, dim, index, source, scattered);
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

        return RecordScatterAdd(x, dim, index, source, y);
    }

    private static Tensor RecordScatterAdd(Tensor x, int dim, Tensor index, Tensor source, Tensor y)
        => Graph.Record("ScatterAddBackward", y, [x, source], g => [g, source.RequiresGrad ? g.Gather(dim, index) : null], saved: [index]);

    // y = x[..., index, ...] along dim                 dx = index_add of g
    public static Tensor IndexSelect(Tensor x, int dim, Tensor index)
    {
        dim = ShapeRules.WrapDim("index_select", dim, x.Rank);
        if (index.Rank != 1)
        {
            throw new ArgumentException($"index_select: index must be 1-D, got {ShapeRules.Format(index.ShapeRef)}");
        }

        if (!x.Device.IsCpu)
        {
            return IndexSelectOnDevice(x, dim, DeviceIndex("index_select", index, 1, x));
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
        }, saved: []);
    }

    private static Tensor IndexSelectOnDevice(Tensor x, int dim, Tensor index)
    {
        var shape = x.Shape;
        shape[dim] = index.Numel;
        var y = RawOps.Empty(shape, x.DType, x.Device);
        DeviceIndexing.IndexSelect(DeviceTensor.Packed(x), dim, index, y);
        return Graph.Record("IndexSelectBackward", y, [x], g =>
        {
            var dx = RawOps.Empty(x.ShapeRef, g.DType, g.Device);
            DeviceIndexing.IndexAdd(DeviceTensor.Packed(g), dim, index, dx);
            return [dx];
        }, saved: [index]);
    }

    // y = mask ? value : x                              dx = g where !mask
    public static Tensor MaskedFill(Tensor x, Tensor mask, double value)
    {
        var fill = Tensor.Full([], value, x.DType, x.Device);
        var y = RawOps.Where(mask, fill, x);
        if (!y.ShapeRef.AsSpan().SequenceEqual(x.ShapeRef))
        {
            throw new ArgumentException($"masked_fill: mask {ShapeRules.Format(mask.ShapeRef)} does not broadcast to {ShapeRules.Format(x.ShapeRef)}");
        }

        return Graph.Record("MaskedFillBackward", y, [x], g => [RawOps.Where(mask, Tensor.ZerosLike(g), g)], saved: [mask]);
    }

    /// <summary>The index as a packed int64 tensor on x's device, checked as <see cref="IndexArray"/> checks it (its values are not read).</summary>
    private static Tensor DeviceIndex(string op, Tensor index, int rank, Tensor x)
    {
        CheckIndex(op, index, rank);
        RawOps.RequireSameDevice(op, x, index);
        return DeviceIndexing.Int64Index(index);
    }

    private static long[] IndexArray(string op, Tensor index, int rank)
    {
        CheckIndex(op, index, rank);
        return index.To(DType.Int64).ToArray<long>();
    }

    private static void CheckIndex(string op, Tensor index, int rank)
    {
        if (index.DType is not (DType.Int64 or DType.Int32))
        {
            throw new ArgumentException($"{op}: index must be int64 or int32, got {index.DType.Name()}");
        }

        if (index.Rank != rank)
        {
            throw new ArgumentException($"{op}: index has rank {index.Rank}, expected {rank}");
        }
    }
}
