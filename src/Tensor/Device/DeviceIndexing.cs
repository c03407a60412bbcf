using IlgpuNet.Kernels;

namespace IlgpuNet.Tensors;

/// <summary>gather, scatter_add, index_select and index_add on a device (Ilgpu/IndexKernels); indices stay on the device.</summary>
internal static class DeviceIndexing
{
    /// <summary>y (dense, index's shape) = x gathered along dim at int64 index (packed).</summary>
    public static void Gather(Tensor x, int dim, Tensor index, Tensor y)
        => x.Kernels().Gather(y.Buffer(), x.Buffer(), x.KernelView(), index.Buffer(), DeviceTensor.Longs(index.ShapeRef), dim, x.ShapeRef[dim]);

    /// <summary>y[... index[p] ...] += source[p] along dim; source and index packed, y any float32 view.</summary>
    public static void ScatterAdd(Tensor y, int dim, Tensor index, Tensor source)
        => y.Kernels().ScatterAdd(y.Buffer(), y.KernelView(), source.Buffer(), index.Buffer(), DeviceTensor.Longs(index.ShapeRef), dim, y.ShapeRef[dim]);

    /// <summary>y = x (packed) at int64 index (packed, 1-D) along dim.</summary>
    public static void IndexSelect(Tensor x, int dim, Tensor index, Tensor y)
    {
        var (outer, n, inner) = RawOps.AroundDim(x.ShapeRef, dim);
        x.Kernels().IndexSelect(y.Buffer(), x.Buffer(), index.Buffer(), outer, n, inner, index.Numel);
    }

    /// <summary>dx = 0, then dx[..., index[j], ...] += g[..., j, ...] along dim (g packed).</summary>
    public static void IndexAdd(Tensor g, int dim, Tensor index, Tensor dx)
    {
        var (outer, n, inner) = RawOps.AroundDim(dx.ShapeRef, dim);
        g.Kernels().IndexAdd(dx.Buffer(), g.Buffer(), index.Buffer(), outer, n, inner, index.Numel);
    }

    /// <summary>The index as a packed int64 tensor on the device.</summary>
    public static Tensor Int64Index(Tensor index) => DeviceTensor.Packed(index.To(DType.Int64));
}
