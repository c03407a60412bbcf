using ILGPU;
using IlgpuNet.Kernels.Ilgpu;

namespace IlgpuNet.Kernels.Gpu;

/// <summary>IndexKernels: gather / scatter_add along one dim, index_select / index_add. Indices are Int64 buffers.</summary>
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
        if (n == 0)
        {
            return;
        }

        if (output.DType == DType.Int64)
        {
            Cache.Load<KernelShape, long, ArrayView<long>, ArrayView<long>, KernelStrides, int, long, ArrayView<long>, long>(IndexKernels.Gather)(
                Wave(n), shape, n, index.View<long>(), input.View<long>(), strides[0], dim, dimSize, output.View<long>(), 0L);
        }
        else
        {
            Cache.Load<KernelShape, long, ArrayView<long>, ArrayView<float>, KernelStrides, int, long, ArrayView<float>, float>(IndexKernels.Gather)(
                Wave(n), shape, n, index.View<long>(), input.View<float>(), strides[0], dim, dimSize, output.View<float>(), float.NaN);
        }
    }

    /// <summary>output[outputView at p with p[dim] := index[p]] += source[p] (Float32); source and index dense in indexShape.</summary>
    public void ScatterAdd(DeviceBuffer output, StridedView outputView, DeviceBuffer source, DeviceBuffer index, ReadOnlySpan<long> indexShape,
        int dim, long dimSize)
    {
        var (shape, strides, n) = ElementwiseLayout.PackUnmerged(indexShape, outputView);
        if (n > 0)
        {
            Cache.Load<KernelShape, long, ArrayView<long>, ArrayView<float>, ArrayView<float>, KernelStrides, int, long>(IndexKernels.ScatterAdd)(
                Wave(n), shape, n, index.View<long>(), source.View<float>(), output.View<float>(), strides[0], dim, dimSize);
        }
    }

    /// <summary>output [outer, count, inner] = input [outer, size, inner] at index [count] along the middle dim.</summary>
    public void IndexSelect(DeviceBuffer output, DeviceBuffer input, DeviceBuffer index, int outer, int size, int inner, int count)
    {
        long n = (long)outer * count * inner;
        if (n == 0)
        {
            return;
        }

        var config = Wave(n);
        var indices = index.View<long>();
        switch (input.DType)
        {
            case DType.Float32: IndexSelectOf(config, input.View<float>(), outer, size, inner, indices, count, output.View<float>(), float.NaN); break;
            case DType.Int64: IndexSelectOf(config, input.View<long>(), outer, size, inner, indices, count, output.View<long>(), 0L); break;
            case DType.Int32: IndexSelectOf(config, input.View<int>(), outer, size, inner, indices, count, output.View<int>(), 0); break;
            case DType.UInt8 or DType.Bool: IndexSelectOf(config, input.View<byte>(), outer, size, inner, indices, count, output.View<byte>(), (byte)0); break;
            default: throw Unsupported("index_select", input.DType);
        }
    }

    /// <summary>gradInput [outer, size, inner] = 0, then += gradOutput [outer, count, inner] at index along the middle dim.</summary>
    public void IndexAdd(DeviceBuffer gradInput, DeviceBuffer gradOutput, DeviceBuffer index, int outer, int size, int inner, int count)
    {
        Fill(gradInput, 0);
        long n = (long)outer * count * inner;
        if (n > 0)
        {
            Cache.Load<ArrayView<float>, int, int, int, ArrayView<long>, int, ArrayView<float>>(IndexKernels.IndexAdd)(
                Wave(n), gradOutput.View<float>(), outer, size, inner, index.View<long>(), count, gradInput.View<float>());
        }
    }

    private void IndexSelectOf<T>(ILGPU.KernelConfig config, ArrayView<T> input, int outer, int size, int inner, ArrayView<long> index,
        int count, ArrayView<T> output, T missing)
        where T : unmanaged
        => Cache.Load<ArrayView<T>, int, int, int, ArrayView<long>, int, ArrayView<T>, T>(IndexKernels.IndexSelect)(
            config, input, outer, size, inner, index, count, output, missing);
}
