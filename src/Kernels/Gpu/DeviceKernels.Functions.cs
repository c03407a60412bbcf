using ILGPU;
using ILGPU.Runtime;
using IlgpuNet.Kernels.Ilgpu;
using BinaryLauncher = System.Action<ILGPU.KernelConfig, IlgpuNet.Kernels.Ilgpu.KernelShape, long, ILGPU.ArrayView<float>,
    IlgpuNet.Kernels.Ilgpu.KernelStrides, ILGPU.ArrayView<float>, IlgpuNet.Kernels.Ilgpu.KernelStrides, ILGPU.ArrayView<float>,
    IlgpuNet.Kernels.Ilgpu.KernelStrides, float, float>;
using CompareLauncher = System.Action<ILGPU.KernelConfig, IlgpuNet.Kernels.Ilgpu.KernelShape, long, ILGPU.ArrayView<byte>,
    IlgpuNet.Kernels.Ilgpu.KernelStrides, ILGPU.ArrayView<float>, IlgpuNet.Kernels.Ilgpu.KernelStrides, ILGPU.ArrayView<float>,
    IlgpuNet.Kernels.Ilgpu.KernelStrides>;
using UnaryLauncher = System.Action<ILGPU.KernelConfig, IlgpuNet.Kernels.Ilgpu.KernelShape, long, ILGPU.ArrayView<float>,
    IlgpuNet.Kernels.Ilgpu.KernelStrides, ILGPU.ArrayView<float>, IlgpuNet.Kernels.Ilgpu.KernelStrides, float, float>;

namespace IlgpuNet.Kernels.Gpu;

/// <summary>
/// Where an op code meets its kernel: each <see cref="UnaryOp"/>, <see cref="BinaryOp"/> and <see cref="CompareOp"/>
/// picks the elementwise kernel specialised for its function struct, and each pair of dtypes its conversion.
/// </summary>
public sealed partial class DeviceKernels
{
    private UnaryLauncher UnaryKernel(UnaryOp op) => op switch
    {
        UnaryOp.Identity => Unary<UnaryFunctions.Identity>(),
        UnaryOp.Neg => Unary<UnaryFunctions.Neg>(),
        UnaryOp.Exp => Unary<UnaryFunctions.Exp>(),
        UnaryOp.Log => Unary<UnaryFunctions.Log>(),
        UnaryOp.Sqrt => Unary<UnaryFunctions.Sqrt>(),
        UnaryOp.Rsqrt => Unary<UnaryFunctions.Rsqrt>(),
        UnaryOp.Abs => Unary<UnaryFunctions.Abs>(),
        UnaryOp.Sin => Unary<UnaryFunctions.Sin>(),
        UnaryOp.Cos => Unary<UnaryFunctions.Cos>(),
        UnaryOp.Sigmoid => Unary<UnaryFunctions.Sigmoid>(),
        UnaryOp.Tanh => Unary<UnaryFunctions.Tanh>(),
        UnaryOp.Relu => Unary<UnaryFunctions.Relu>(),
        UnaryOp.Sign => Unary<UnaryFunctions.Sign>(),
        UnaryOp.Square => Unary<UnaryFunctions.Square>(),
        UnaryOp.Reciprocal => Unary<UnaryFunctions.Reciprocal>(),
        UnaryOp.Floor => Unary<UnaryFunctions.Floor>(),
        UnaryOp.Ceil => Unary<UnaryFunctions.Ceil>(),
        UnaryOp.Log1p => Unary<UnaryFunctions.Log1p>(),
        UnaryOp.PowScalar => Unary<UnaryFunctions.PowScalar>(),
        UnaryOp.Clamp => Unary<UnaryFunctions.Clamp>(),
        UnaryOp.LeakyRelu => Unary<UnaryFunctions.LeakyRelu>(),
        UnaryOp.Elu => Unary<UnaryFunctions.Elu>(),
        UnaryOp.Gelu => Unary<UnaryFunctions.Gelu>(),
        UnaryOp.Softplus => Unary<UnaryFunctions.Softplus>(),
        UnaryOp.Affine => Unary<UnaryFunctions.Affine>(),
        _ => throw new ArgumentOutOfRangeException(nameof(op), op, "no device kernel"),
    };

    private BinaryLauncher BinaryKernel(BinaryOp op) => op switch
    {
        BinaryOp.Add => Binary<BinaryFunctions.Add>(),
        BinaryOp.Sub => Binary<BinaryFunctions.Sub>(),
        BinaryOp.Mul => Binary<BinaryFunctions.Mul>(),
        BinaryOp.Div => Binary<BinaryFunctions.Div>(),
        BinaryOp.Pow => Binary<BinaryFunctions.Pow>(),
        BinaryOp.Maximum => Binary<BinaryFunctions.Maximum>(),
        BinaryOp.Minimum => Binary<BinaryFunctions.Minimum>(),
        BinaryOp.AddScaled => Binary<BinaryFunctions.AddScaled>(),
        BinaryOp.ReluGrad => Binary<BinaryFunctions.ReluGrad>(),
        BinaryOp.SigmoidGrad => Binary<BinaryFunctions.SigmoidGrad>(),
        BinaryOp.TanhGrad => Binary<BinaryFunctions.TanhGrad>(),
        BinaryOp.ClampGrad => Binary<BinaryFunctions.ClampGrad>(),
        BinaryOp.LeakyReluGrad => Binary<BinaryFunctions.LeakyReluGrad>(),
        BinaryOp.EluGrad => Binary<BinaryFunctions.EluGrad>(),
        BinaryOp.GeluGrad => Binary<BinaryFunctions.GeluGrad>(),
        BinaryOp.SoftplusGrad => Binary<BinaryFunctions.SoftplusGrad>(),
        _ => throw new ArgumentOutOfRangeException(nameof(op), op, "no device kernel"),
    };

    private CompareLauncher CompareKernel(CompareOp op) => op switch
    {
        CompareOp.Equal => Compare<Comparisons.Equal>(),
        CompareOp.NotEqual => Compare<Comparisons.NotEqual>(),
        CompareOp.Less => Compare<Comparisons.Less>(),
        CompareOp.LessEqual => Compare<Comparisons.LessEqual>(),
        CompareOp.Greater => Compare<Comparisons.Greater>(),
        CompareOp.GreaterEqual => Compare<Comparisons.GreaterEqual>(),
        _ => throw new ArgumentOutOfRangeException(nameof(op), op, "no device kernel"),
    };

    private UnaryLauncher Unary<TFunction>()
        where TFunction : struct, IUnaryFunction
        => Cache.Load<KernelShape, long, ArrayView<float>, KernelStrides, ArrayView<float>, KernelStrides, float, float>(
            ElementwiseKernels.Unary<TFunction>);

    private BinaryLauncher Binary<TFunction>()
        where TFunction : struct, IBinaryFunction
        => Cache.Load<KernelShape, long, ArrayView<float>, KernelStrides, ArrayView<float>, KernelStrides, ArrayView<float>, KernelStrides, float, float>(
            ElementwiseKernels.Binary<TFunction>);

    private CompareLauncher Compare<TComparison>()
        where TComparison : struct, IComparison
        => Cache.Load<KernelShape, long, ArrayView<byte>, KernelStrides, ArrayView<float>, KernelStrides, ArrayView<float>, KernelStrides>(
            ElementwiseKernels.Compare<TComparison>);

    private Action<KernelConfig, KernelShape, long, ArrayView<T>, KernelStrides, T> FillKernel<T>()
        where T : unmanaged
        => Cache.Load<KernelShape, long, ArrayView<T>, KernelStrides, T>(ElementwiseKernels.Fill);

    // ------------------------------------------------------------------ copies between dtypes

    private void Convert(DType from, DType to, KernelConfig config, KernelShape shape, long n, DeviceBuffer output, KernelStrides outputStrides,
        DeviceBuffer input, KernelStrides inputStrides)
    {
        if (from == to || (from == DType.Bool && to == DType.UInt8))
        {
            switch (from)
            {
                case DType.Float32: CopyOf(config, shape, n, output.View<float>(), outputStrides, input.View<float>(), inputStrides); return;
                case DType.Int64: CopyOf(config, shape, n, output.View<long>(), outputStrides, input.View<long>(), inputStrides); return;
                case DType.Int32: CopyOf(config, shape, n, output.View<int>(), outputStrides, input.View<int>(), inputStrides); return;
                case DType.UInt8 or DType.Bool: CopyOf(config, shape, n, output.View<byte>(), outputStrides, input.View<byte>(), inputStrides); return;
                default: throw Unsupported("copy", from);
            }
        }

        switch (from)
        {
            case DType.Float32: ConvertFrom<float, ElementCodecs.Float32>(to, config, shape, n, output, outputStrides, input.View<float>(), inputStrides); break;
            case DType.Int64: ConvertFrom<long, ElementCodecs.Int64>(to, config, shape, n, output, outputStrides, input.View<long>(), inputStrides); break;
            case DType.Int32: ConvertFrom<int, ElementCodecs.Int32>(to, config, shape, n, output, outputStrides, input.View<int>(), inputStrides); break;
            case DType.UInt8: ConvertFrom<byte, ElementCodecs.UInt8>(to, config, shape, n, output, outputStrides, input.View<byte>(), inputStrides); break;
            case DType.Bool: ConvertFrom<byte, ElementCodecs.Bool>(to, config, shape, n, output, outputStrides, input.View<byte>(), inputStrides); break;
            default: throw Unsupported("copy", from);
        }
    }

    private void CopyOf<T>(KernelConfig config, KernelShape shape, long n, ArrayView<T> output, KernelStrides outputStrides, ArrayView<T> input,
        KernelStrides inputStrides)
        where T : unmanaged
        => Cache.Load<KernelShape, long, ArrayView<T>, KernelStrides, ArrayView<T>, KernelStrides>(ElementwiseKernels.Copy)(
            config, shape, n, output, outputStrides, input, inputStrides);

    private void ConvertFrom<TIn, TInCodec>(DType to, KernelConfig config, KernelShape shape, long n, DeviceBuffer output, KernelStrides outputStrides,
        ArrayView<TIn> input, KernelStrides inputStrides)
        where TIn : unmanaged
        where TInCodec : struct, IElementCodec<TIn>
    {
        switch (to)
        {
            case DType.Float32: ConvertTo<TIn, float, TInCodec, ElementCodecs.Float32>(config, shape, n, output.View<float>(), outputStrides, input, inputStrides); break;
            case DType.Int64: ConvertTo<TIn, long, TInCodec, ElementCodecs.Int64>(config, shape, n, output.View<long>(), outputStrides, input, inputStrides); break;
            case DType.Int32: ConvertTo<TIn, int, TInCodec, ElementCodecs.Int32>(config, shape, n, output.View<int>(), outputStrides, input, inputStrides); break;
            case DType.UInt8: ConvertTo<TIn, byte, TInCodec, ElementCodecs.UInt8>(config, shape, n, output.View<byte>(), outputStrides, input, inputStrides); break;
            case DType.Bool: ConvertTo<TIn, byte, TInCodec, ElementCodecs.Bool>(config, shape, n, output.View<byte>(), outputStrides, input, inputStrides); break;
            default: throw Unsupported("copy", to);
        }
    }

    private void ConvertTo<TIn, TOut, TInCodec, TOutCodec>(KernelConfig config, KernelShape shape, long n, ArrayView<TOut> output,
        KernelStrides outputStrides, ArrayView<TIn> input, KernelStrides inputStrides)
        where TIn : unmanaged
        where TOut : unmanaged
        where TInCodec : struct, IElementCodec<TIn>
        where TOutCodec : struct, IElementCodec<TOut>
        => Cache.Load<KernelShape, long, ArrayView<TOut>, KernelStrides, ArrayView<TIn>, KernelStrides>(
            ElementwiseKernels.Convert<TIn, TOut, TInCodec, TOutCodec>)(config, shape, n, output, outputStrides, input, inputStrides);
}
