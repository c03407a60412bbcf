namespace IlgpuNet.Kernels.Gpu;

/// <summary>index.cu: gather / scatter_add along one dim, index_select / index_add. Indices are Int64 buffers.</summary>
public sealed partial class DeviceKernels
{
    /// <summary>
    /// output[p] = input[p with p[dim] := index[p]] over the positions p of <paramref name="indexShape"/>; output and
    /// index dense, input any view whose size along dim is <paramref name="dimSize"/>. Float32 or Int64.
    /// </summary>
    public void Gather(DeviceBuffer output, DeviceBuffer input, StridedView inputView, DeviceBuffer index, ReadOnlySpan<long> indexShape,
        int dim, long dimSize)
    {
        var (shape, strides, n) = ElementwiseLayout.PackUnmerged(indexShape, inputView);
        Launch1D("index.cu", output.DType == DType.Int64 ? "gather_i64" : "gather_f32", n,
            [KernelArg.Of(output), KernelArg.Of(input), KernelArg.Struct(strides[0]), KernelArg.Of(index), KernelArg.Struct(shape),
             KernelArg.Int(dim), KernelArg.Long(dimSize), KernelArg.Long(n)]);
    }

    /// <summary>output[outputView at p with p[dim] := index[p]] += source[p] (Float32); source and index dense in indexShape.</summary>
    public void ScatterAdd(DeviceBuffer output, StridedView outputView, DeviceBuffer source, DeviceBuffer index, ReadOnlySpan<long> indexShape,
        int dim, long dimSize)
    {
        var (shape, strides, n) = ElementwiseLayout.PackUnmerged(indexShape, outputView);
        Launch1D("index.cu", "scatter_add_f32", n,
            [KernelArg.Of(output), KernelArg.Struct(strides[0]), KernelArg.Of(source), KernelArg.Of(index), KernelArg.Struct(shape),
             KernelArg.Int(dim), KernelArg.Long(dimSize), KernelArg.Long(n)]);
    }

    /// <summary>output [outer, count, inner] = input [outer, size, inner] at index [count] along the middle dim.</summary>
    public void IndexSelect(DeviceBuffer output, DeviceBuffer input, DeviceBuffer index, int outer, int size, int inner, int count)
    {
        string kernel = input.DType switch
        {
            DType.Float32 => "index_select_f32",
            DType.Int64 => "index_select_i64",
            DType.Int32 => "index_select_i32",
            DType.UInt8 or DType.Bool => "index_select_u8",
            _ => throw Unsupported("index_select", input.DType),
        };
        Launch1D("index.cu", kernel, (long)outer * count * inner,
            [KernelArg.Of(output), KernelArg.Of(input), KernelArg.Of(index), KernelArg.Int(outer), KernelArg.Int(size), KernelArg.Int(inner),
             KernelArg.Int(count)]);
    }

    /// <summary>gradInput [outer, size, inner] = 0, then += gradOutput [outer, count, inner] at index along the middle dim.</summary>
    public void IndexAdd(DeviceBuffer gradInput, DeviceBuffer gradOutput, DeviceBuffer index, int outer, int size, int inner, int count)
    {
        Fill(gradInput, 0);
        Launch1D("index.cu", "index_add_f32", (long)outer * count * inner,
            [KernelArg.Of(gradInput), KernelArg.Of(gradOutput), KernelArg.Of(index), KernelArg.Int(outer), KernelArg.Int(size), KernelArg.Int(inner),
             KernelArg.Int(count)]);
    }
}
