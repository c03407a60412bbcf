using System.Numerics;
using System.Numerics.Tensors;

namespace IlgpuNet.Kernels.Cpu;

/// <summary>
/// Strided, broadcasting elementwise kernels: one generic family for every shape (device twin: Ilgpu/ElementwiseKernels).
/// Each operand is (array, offset, strides) over the output shape; after coalescing, contiguous rows go through
/// TensorPrimitives (vectorised) and the rest through the scalar definition in <see cref="ScalarMath"/>.
/// </summary>
public static class ElementwiseKernels
{
    // y = op(x)        x, y: any strides over `shape`
    public static void Unary<T>(UnaryOp op, T p0, T p1, int[] shape,
        T[] x, int xOffset, int[] xStrides, T[] y, int yOffset, int[] yStrides)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var layout = StridedLayout.Coalesce(shape, [xStrides, yStrides], [xOffset, yOffset]);
        int n = layout.RowLength;
        int xs = layout.InnerStride(0), ys = layout.InnerStride(1);
        layout.ForEachRow(Cost(op), (start, end) =>
        {
            for (long row = start; row < end; row++)
            {
                int xo = layout.RowStart(0, row), yo = layout.RowStart(1, row);
                if (xs == 1 && ys == 1 && TryUnaryVector(op, p0, p1, x.AsSpan(xo, n), y.AsSpan(yo, n)))
                {
                    continue;
                }

                for (int i = 0; i < n; i++)
                {
                    y[yo + i * ys] = ScalarMath.Unary(op, x[xo + i * xs], p0, p1);
                }
            }
        });
    }

    // y = op(a, b)     a, b, y: any strides over `shape` (stride 0 broadcasts)
    public static void Binary<T>(BinaryOp op, T p0, T p1, int[] shape,
        T[] a, int aOffset, int[] aStrides, T[] b, int bOffset, int[] bStrides, T[] y, int yOffset, int[] yStrides)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var layout = StridedLayout.Coalesce(shape, [aStrides, bStrides, yStrides], [aOffset, bOffset, yOffset]);
        int n = layout.RowLength;
        int sa = layout.InnerStride(0), sb = layout.InnerStride(1), sy = layout.InnerStride(2);
        layout.ForEachRow(2, (start, end) =>
        {
            for (long row = start; row < end; row++)
            {
                int ao = layout.RowStart(0, row), bo = layout.RowStart(1, row), yo = layout.RowStart(2, row);
                if (sy == 1 && TryBinaryVector(op, p0, a, ao, sa, b, bo, sb, y.AsSpan(yo, n)))
                {
                    continue;
                }

                for (int i = 0; i < n; i++)
                {
                    y[yo + i * sy] = ScalarMath.Binary(op, a[ao + i * sa], b[bo + i * sb], p0, p1);
                }
            }
        });
    }

    // y[i] = op(a[i], b[i]) ? 1 : 0     y: bool (byte) tensor
    public static void Compare<T>(CompareOp op, int[] shape,
        T[] a, int aOffset, int[] aStrides, T[] b, int bOffset, int[] bStrides, byte[] y, int yOffset, int[] yStrides)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var layout = StridedLayout.Coalesce(shape, [aStrides, bStrides, yStrides], [aOffset, bOffset, yOffset]);
        int n = layout.RowLength;
        int sa = layout.InnerStride(0), sb = layout.InnerStride(1), sy = layout.InnerStride(2);
        layout.ForEachRow(1, (start, end) =>
        {
            for (long row = start; row < end; row++)
            {
                int ao = layout.RowStart(0, row), bo = layout.RowStart(1, row), yo = layout.RowStart(2, row);
                for (int i = 0; i < n; i++)
                {
                    y[yo + i * sy] = ScalarMath.Compare(op, a[ao + i * sa], b[bo + i * sb]) ? (byte)1 : (byte)0;
                }
            }
        });
    }

    // y = cond ? a : b     cond: bool (byte)
    public static void Where<T>(int[] shape, byte[] cond, int cOffset, int[] cStrides,
        T[] a, int aOffset, int[] aStrides, T[] b, int bOffset, int[] bStrides, T[] y, int yOffset, int[] yStrides)
        where T : unmanaged
    {
        var layout = StridedLayout.Coalesce(shape, [cStrides, aStrides, bStrides, yStrides],
            [cOffset, aOffset, bOffset, yOffset]);
        int n = layout.RowLength;
        int sc = layout.InnerStride(0), sa = layout.InnerStride(1), sb = layout.InnerStride(2), sy = layout.InnerStride(3);
        layout.ForEachRow(1, (start, end) =>
        {
            for (long row = start; row < end; row++)
            {
                int co = layout.RowStart(0, row), ao = layout.RowStart(1, row);
                int bo = layout.RowStart(2, row), yo = layout.RowStart(3, row);
                for (int i = 0; i < n; i++)
                {
                    y[yo + i * sy] = cond[co + i * sc] != 0 ? a[ao + i * sa] : b[bo + i * sb];
                }
            }
        });
    }

    // y = x, converting the element type (same type: a strided copy; makes views contiguous)
    public static void Copy<TIn, TOut>(int[] shape, TIn[] x, int xOffset, int[] xStrides, TOut[] y, int yOffset, int[] yStrides)
        where TIn : unmanaged, INumberBase<TIn>
        where TOut : unmanaged, INumberBase<TOut>
    {
        var layout = StridedLayout.Coalesce(shape, [xStrides, yStrides], [xOffset, yOffset]);
        int n = layout.RowLength;
        int xs = layout.InnerStride(0), ys = layout.InnerStride(1);
        bool sameType = typeof(TIn) == typeof(TOut);
        layout.ForEachRow(1, (start, end) =>
        {
            for (long row = start; row < end; row++)
            {
                int xo = layout.RowStart(0, row), yo = layout.RowStart(1, row);
                if (sameType && xs == 1 && ys == 1)
                {
                    System.Runtime.InteropServices.MemoryMarshal.Cast<TIn, TOut>(x.AsSpan(xo, n)).CopyTo(y.AsSpan(yo, n));
                    continue;
                }

                for (int i = 0; i < n; i++)
                {
                    y[yo + i * ys] = TOut.CreateTruncating(x[xo + i * xs]);
                }
            }
        });
    }

    // y[...] = value over a strided view
    public static void Fill<T>(int[] shape, T value, T[] y, int yOffset, int[] yStrides)
        where T : unmanaged
    {
        var layout = StridedLayout.Coalesce(shape, [yStrides], [yOffset]);
        int n = layout.RowLength;
        int ys = layout.InnerStride(0);
        layout.ForEachRow(1, (start, end) =>
        {
            for (long row = start; row < end; row++)
            {
                int yo = layout.RowStart(0, row);
                if (ys == 1)
                {
                    y.AsSpan(yo, n).Fill(value);
                    continue;
                }

                for (int i = 0; i < n; i++)
                {
                    y[yo + i * ys] = value;
                }
            }
        });
    }

    private static int Cost(UnaryOp op) => op switch
    {
        UnaryOp.Exp or UnaryOp.Log or UnaryOp.Sin or UnaryOp.Cos or UnaryOp.Tanh or UnaryOp.Sigmoid
            or UnaryOp.Gelu or UnaryOp.Softplus or UnaryOp.Elu or UnaryOp.PowScalar or UnaryOp.Log1p => 8,
        _ => 1,
    };

    /// <summary>Contiguous rows of the common ops: TensorPrimitives' vectorised loops.</summary>
    private static bool TryUnaryVector<T>(UnaryOp op, T p0, T p1, ReadOnlySpan<T> x, Span<T> y)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        switch (op)
        {
            case UnaryOp.Identity: x.CopyTo(y); return true;
            case UnaryOp.Neg: TensorPrimitives.Negate(x, y); return true;
            case UnaryOp.Exp: TensorPrimitives.Exp(x, y); return true;
            case UnaryOp.Log: TensorPrimitives.Log(x, y); return true;
            case UnaryOp.Sqrt: TensorPrimitives.Sqrt(x, y); return true;
            case UnaryOp.Abs: TensorPrimitives.Abs(x, y); return true;
            case UnaryOp.Sin: TensorPrimitives.Sin(x, y); return true;
            case UnaryOp.Cos: TensorPrimitives.Cos(x, y); return true;
            case UnaryOp.Tanh: TensorPrimitives.Tanh(x, y); return true;
            case UnaryOp.Sigmoid: TensorPrimitives.Sigmoid(x, y); return true;
            case UnaryOp.Relu: TensorPrimitives.Max(x, T.Zero, y); return true;
            case UnaryOp.Square: TensorPrimitives.Multiply(x, x, y); return true;
            case UnaryOp.Reciprocal: TensorPrimitives.Reciprocal(x, y); return true;
            case UnaryOp.Floor: TensorPrimitives.Floor(x, y); return true;
            case UnaryOp.Ceil: TensorPrimitives.Ceiling(x, y); return true;
            case UnaryOp.Affine: TensorPrimitives.Multiply(x, p0, y); TensorPrimitives.Add(y, p1, y); return true;
            default: return false;
        }
    }

    private static bool TryBinaryVector<T>(BinaryOp op, T p0, T[] a, int ao, int sa, T[] b, int bo, int sb, Span<T> y)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int n = y.Length;
        if (sa == 1 && sb == 1)
        {
            ReadOnlySpan<T> av = a.AsSpan(ao, n), bv = b.AsSpan(bo, n);
            switch (op)
            {
                case BinaryOp.Add: TensorPrimitives.Add(av, bv, y); return true;
                case BinaryOp.Sub: TensorPrimitives.Subtract(av, bv, y); return true;
                case BinaryOp.Mul: TensorPrimitives.Multiply(av, bv, y); return true;
                case BinaryOp.Div: TensorPrimitives.Divide(av, bv, y); return true;
                case BinaryOp.AddScaled: TensorPrimitives.MultiplyAdd(bv, p0, av, y); return true;
                case BinaryOp.ReluGrad: MaskedSelect.WherePositive(av, bv, y); return true;
                default: return false;
            }
        }

        if (sa == 1 && sb == 0)
        {
            ReadOnlySpan<T> av = a.AsSpan(ao, n);
            T bs = b[bo];
            switch (op)
            {
                case BinaryOp.Add: TensorPrimitives.Add(av, bs, y); return true;
                case BinaryOp.Sub: TensorPrimitives.Subtract(av, bs, y); return true;
                case BinaryOp.Mul: TensorPrimitives.Multiply(av, bs, y); return true;
                case BinaryOp.Div: TensorPrimitives.Divide(av, bs, y); return true;
                default: return false;
            }
        }

        if (sa == 0 && sb == 1)
        {
            T aS = a[ao];
            ReadOnlySpan<T> bv = b.AsSpan(bo, n);
            switch (op)
            {
                case BinaryOp.Add: TensorPrimitives.Add(bv, aS, y); return true;
                case BinaryOp.Sub: TensorPrimitives.Subtract(aS, bv, y); return true;
                case BinaryOp.Mul: TensorPrimitives.Multiply(bv, aS, y); return true;
                case BinaryOp.Div: TensorPrimitives.Divide(aS, bv, y); return true;
                default: return false;
            }
        }

        return false;
    }
}
