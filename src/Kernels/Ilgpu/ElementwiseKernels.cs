using ILGPU;

namespace IlgpuNet.Kernels.Ilgpu;

/// <summary>
/// One strided/broadcast family for every pointwise op (the device twin of Cpu.ElementwiseKernels). Each operand is a
/// view: the launch's logical shape (at most 8 dims, merged by the host where contiguous) plus the operand's own
/// offset and element strides, so broadcasting (stride 0) and permuted, sliced or expanded views need no copies.
/// n = product of the shape; positions are row-major. Every kernel is a grid-stride loop.
///   unary:   out[i] = f(a[i]; p0, p1)          binary:  out[i] = g(a[i], b[i]; p0, p1)
///   compare: out[i] = a[i] op b[i] (bool)     where:   out[i] = cond[i] ? a[i] : b[i]
///   fill, copy (same dtype) and convert (any two dtypes a device holds)
/// </summary>
public static class ElementwiseKernels
{
    public static void Unary<TFunction>(KernelShape shape, long n, ArrayView<float> output, KernelStrides outputStrides,
        ArrayView<float> a, KernelStrides aStrides, float p0, float p1)
        where TFunction : struct, IUnaryFunction
    {
        var f = default(TFunction);
        for (long i = GridStride.First, step = GridStride.Step; i < n; i += step)
        {
            output[outputStrides.ElementAt(i, shape)] = f.Apply(a[aStrides.ElementAt(i, shape)], p0, p1);
        }
    }

    public static void Binary<TFunction>(KernelShape shape, long n, ArrayView<float> output, KernelStrides outputStrides,
        ArrayView<float> a, KernelStrides aStrides, ArrayView<float> b, KernelStrides bStrides, float p0, float p1)
        where TFunction : struct, IBinaryFunction
    {
        var g = default(TFunction);
        for (long i = GridStride.First, step = GridStride.Step; i < n; i += step)
        {
            float x = a[aStrides.ElementAt(i, shape)], y = b[bStrides.ElementAt(i, shape)];
            output[outputStrides.ElementAt(i, shape)] = g.Apply(x, y, p0, p1);
        }
    }

    public static void Compare<TComparison>(KernelShape shape, long n, ArrayView<byte> output, KernelStrides outputStrides,
        ArrayView<float> a, KernelStrides aStrides, ArrayView<float> b, KernelStrides bStrides)
        where TComparison : struct, IComparison
    {
        var comparison = default(TComparison);
        for (long i = GridStride.First, step = GridStride.Step; i < n; i += step)
        {
            bool holds = comparison.Holds(a[aStrides.ElementAt(i, shape)], b[bStrides.ElementAt(i, shape)]);
            output[outputStrides.ElementAt(i, shape)] = holds ? (byte)1 : (byte)0;
        }
    }

    /// <summary>out = cond ? a : b; cond a bool (byte) view, non-zero true.</summary>
    public static void Where(KernelShape shape, long n, ArrayView<float> output, KernelStrides outputStrides,
        ArrayView<byte> condition, KernelStrides conditionStrides, ArrayView<float> a, KernelStrides aStrides,
        ArrayView<float> b, KernelStrides bStrides)
    {
        for (long i = GridStride.First, step = GridStride.Step; i < n; i += step)
        {
            bool take = condition[conditionStrides.ElementAt(i, shape)] != 0;
            output[outputStrides.ElementAt(i, shape)] = take ? a[aStrides.ElementAt(i, shape)] : b[bStrides.ElementAt(i, shape)];
        }
    }

    public static void Fill<T>(KernelShape shape, long n, ArrayView<T> output, KernelStrides outputStrides, T value)
        where T : unmanaged
    {
        for (long i = GridStride.First, step = GridStride.Step; i < n; i += step)
        {
            output[outputStrides.ElementAt(i, shape)] = value;
        }
    }

    /// <summary>The strided copy (Contiguous() when the output view is dense).</summary>
    public static void Copy<T>(KernelShape shape, long n, ArrayView<T> output, KernelStrides outputStrides,
        ArrayView<T> input, KernelStrides inputStrides)
        where T : unmanaged
    {
        for (long i = GridStride.First, step = GridStride.Step; i < n; i += step)
        {
            output[outputStrides.ElementAt(i, shape)] = input[inputStrides.ElementAt(i, shape)];
        }
    }

    /// <summary>A strided copy between dtypes, as the CPU's copy converts (a C cast; to bool: non-zero is 1).</summary>
    public static void Convert<TIn, TOut, TInCodec, TOutCodec>(KernelShape shape, long n, ArrayView<TOut> output, KernelStrides outputStrides,
        ArrayView<TIn> input, KernelStrides inputStrides)
        where TIn : unmanaged
        where TOut : unmanaged
        where TInCodec : struct, IElementCodec<TIn>
        where TOutCodec : struct, IElementCodec<TOut>
    {
        var read = default(TInCodec);
        var write = default(TOutCodec);
        for (long i = GridStride.First, step = GridStride.Step; i < n; i += step)
        {
            TIn x = input[inputStrides.ElementAt(i, shape)];
            output[outputStrides.ElementAt(i, shape)] = read.IsFloat ? write.FromSingle(read.ToSingle(x)) : write.FromInt64(read.ToInt64(x));
        }
    }
}
