using System.Numerics;
using IlgpuNet.Kernels;
using IlgpuNet.Kernels.Cpu;

namespace IlgpuNet.Tensors;

/// <summary>
/// Forward computations without autograd: allocate the result, pick the backend from the tensors' device and the
/// kernel for the dtype, launch it. Differentiable ops (src/Autograd/Functions) call these for their forward and
/// backward passes. Device tensors go to the device half of each op (src/Tensor/Device), which queues kernels
/// and never waits for them.
/// </summary>
public static class RawOps
{
    public static Tensor Empty(int[] shape, DType dtype, Device device)
        => new(Storage.Allocate(dtype, ShapeRules.Numel(shape), device), (int[])shape.Clone());

    /// <summary>Strides that view <paramref name="t"/> as <paramref name="shape"/> (stride 0 on broadcast dims).</summary>
    public static int[] BroadcastStrides(Tensor t, int[] shape)
    {
        var result = new int[shape.Length];
        int lead = shape.Length - t.Rank;
        for (int d = 0; d < t.Rank; d++)
        {
            result[lead + d] = t.ShapeRef[d] == 1 && shape[lead + d] != 1 ? 0 : t.StridesRef[d];
        }

        return result;
    }

    /// <summary>The dtype two operands compute in: float64 over float32 over integers, as PyTorch promotes.</summary>
    public static DType Promote(DType a, DType b) => Rank(a) <= Rank(b) ? a : b;

    private static int Rank(DType t) => t switch
    {
        DType.Float64 => 0,
        DType.Float32 => 1,
        DType.Int64 => 2,
        DType.Int32 => 3,
        DType.UInt8 => 4,
        _ => 5,
    };

    /// <summary>The floating dtype integer operands compute in: float64 on the CPU, float32 on devices.</summary>
    public static DType FloatComputeType(Device device) => device.IsCpu ? DType.Float64 : DType.Float32;

    public static void RequireSameDevice(string op, Tensor a, Tensor b)
    {
        if (a.Device != b.Device)
        {
            throw new ArgumentException($"{op}: tensors are on different devices ({a.Device} and {b.Device})");
        }
    }

    public static void RequireFloat(string op, Tensor t)
    {
        if (!t.DType.IsFloatingPoint())
        {
            throw new ArgumentException($"{op}: needs a floating-point tensor, got {t.DType.Name()}");
        }
    }

    // ---------------------------------------------------------------- elementwise

    public static Tensor Unary(Tensor x, UnaryOp op, double p0 = 0, double p1 = 0)
    {
        RequireFloat(op.ToString().ToLowerInvariant(), x);
        var y = Empty(x.ShapeRef, x.DType, x.Device);
        UnaryInto(y, x, op, p0, p1);
        return y;
    }

    public static void UnaryInto(Tensor y, Tensor x, UnaryOp op, double p0 = 0, double p1 = 0)
    {
        RequireSameDevice(op.ToString().ToLowerInvariant(), y, x);
        var xs = BroadcastStrides(x, y.ShapeRef);
        if (!y.Device.IsCpu)
        {
            DeviceElementwise.Unary(y, x, xs, op, p0, p1);
            return;
        }

        switch (y.DType)
        {
            case DType.Float32:
                ElementwiseKernels.Unary(op, (float)p0, (float)p1, y.ShapeRef, x.Data<float>(), x.Offset, xs,
                    y.Data<float>(), y.Offset, y.StridesRef);
                break;
            case DType.Float64:
                ElementwiseKernels.Unary(op, p0, p1, y.ShapeRef, x.Data<double>(), x.Offset, xs,
                    y.Data<double>(), y.Offset, y.StridesRef);
                break;
            default:
                throw new ArgumentException($"{op}: needs a floating-point tensor, got {y.DType.Name()}");
        }
    }

    public static Tensor Binary(Tensor a, Tensor b, BinaryOp op, double p0 = 0, double p1 = 0)
    {
        string name = op.ToString().ToLowerInvariant();
        RequireSameDevice(name, a, b);
        var shape = ShapeRules.Broadcast(name, a.ShapeRef, b.ShapeRef);
        var dtype = Promote(a.DType, b.DType);
        var computeType = dtype.IsFloatingPoint() ? dtype : FloatComputeType(a.Device);
        var y = Empty(shape, computeType, a.Device);
        BinaryInto(y, a.To(computeType), b.To(computeType), op, p0, p1);
        return computeType == dtype ? y : y.To(dtype);
    }

    /// <summary>y = op(a, b) into an existing (possibly strided) y: the in-place ops go through here.</summary>
    public static void BinaryInto(Tensor y, Tensor a, Tensor b, BinaryOp op, double p0 = 0, double p1 = 0)
    {
        string name = op.ToString().ToLowerInvariant();
        RequireSameDevice(name, y, a);
        RequireSameDevice(name, y, b);
        var shape = ShapeRules.Broadcast(name, ShapeRules.Broadcast(name, a.ShapeRef, b.ShapeRef), y.ShapeRef);
        if (!shape.AsSpan().SequenceEqual(y.ShapeRef))
        {
            throw new ArgumentException($"{name}: result of shape {ShapeRules.Format(shape)} does not fit the output of shape {ShapeRules.Format(y.ShapeRef)}");
        }

        a = a.To(y.DType);
        b = b.To(y.DType);
        var sa = BroadcastStrides(a, shape);
        var sb = BroadcastStrides(b, shape);
        if (!y.Device.IsCpu)
        {
            DeviceElementwise.Binary(y, a, sa, b, sb, op, p0, p1);
            return;
        }

        switch (y.DType)
        {
            case DType.Float32:
                ElementwiseKernels.Binary(op, (float)p0, (float)p1, shape, a.Data<float>(), a.Offset, sa,
                    b.Data<float>(), b.Offset, sb, y.Data<float>(), y.Offset, y.StridesRef);
                break;
            case DType.Float64:
                ElementwiseKernels.Binary(op, p0, p1, shape, a.Data<double>(), a.Offset, sa,
                    b.Data<double>(), b.Offset, sb, y.Data<double>(), y.Offset, y.StridesRef);
                break;
            default:
                throw new ArgumentException($"{name}: needs floating-point tensors, got {y.DType.Name()}");
        }
    }

    public static Tensor Compare(Tensor a, Tensor b, CompareOp op)
    {
        string name = op.ToString().ToLowerInvariant();
        RequireSameDevice(name, a, b);
        var shape = ShapeRules.Broadcast(name, a.ShapeRef, b.ShapeRef);
        var dtype = Promote(a.DType, b.DType);
        var computeType = dtype == DType.Float32 ? DType.Float32 : FloatComputeType(a.Device);
        a = a.To(computeType);
        b = b.To(computeType);
        var y = Empty(shape, DType.Bool, a.Device);
        var sa = BroadcastStrides(a, shape);
        var sb = BroadcastStrides(b, shape);
        if (!y.Device.IsCpu)
        {
            DeviceElementwise.Compare(y, a, sa, b, sb, op);
        }
        else if (computeType == DType.Float32)
        {
            ElementwiseKernels.Compare(op, shape, a.Data<float>(), a.Offset, sa, b.Data<float>(), b.Offset, sb,
                y.Data<byte>(), 0, y.StridesRef);
        }
        else
        {
            ElementwiseKernels.Compare(op, shape, a.Data<double>(), a.Offset, sa, b.Data<double>(), b.Offset, sb,
                y.Data<byte>(), 0, y.StridesRef);
        }

        return y;
    }

    public static Tensor Where(Tensor condition, Tensor a, Tensor b)
    {
        RequireSameDevice("where", a, b);
        RequireSameDevice("where", condition, a);
        var shape = ShapeRules.Broadcast("where", ShapeRules.Broadcast("where", a.ShapeRef, b.ShapeRef), condition.ShapeRef);
        var dtype = Promote(a.DType, b.DType);
        a = a.To(dtype);
        b = b.To(dtype);
        var c = condition.To(DType.Bool);
        var y = Empty(shape, dtype, a.Device);
        var sc = BroadcastStrides(c, shape);
        var sa = BroadcastStrides(a, shape);
        var sb = BroadcastStrides(b, shape);
        if (!y.Device.IsCpu)
        {
            DeviceElementwise.Where(y, c, sc, a, sa, b, sb);
            return y;
        }

        switch (y.Storage.Data)
        {
            case float[] yf: ElementwiseKernels.Where(shape, c.Data<byte>(), c.Offset, sc, a.Data<float>(), a.Offset, sa, b.Data<float>(), b.Offset, sb, yf, 0, y.StridesRef); break;
            case double[] yd: ElementwiseKernels.Where(shape, c.Data<byte>(), c.Offset, sc, a.Data<double>(), a.Offset, sa, b.Data<double>(), b.Offset, sb, yd, 0, y.StridesRef); break;
            case long[] yl: ElementwiseKernels.Where(shape, c.Data<byte>(), c.Offset, sc, a.Data<long>(), a.Offset, sa, b.Data<long>(), b.Offset, sb, yl, 0, y.StridesRef); break;
            case int[] yi: ElementwiseKernels.Where(shape, c.Data<byte>(), c.Offset, sc, a.Data<int>(), a.Offset, sa, b.Data<int>(), b.Offset, sb, yi, 0, y.StridesRef); break;
            case byte[] yb: ElementwiseKernels.Where(shape, c.Data<byte>(), c.Offset, sc, a.Data<byte>(), a.Offset, sa, b.Data<byte>(), b.Offset, sb, yb, 0, y.StridesRef); break;
        }

        return y;
    }

    // ---------------------------------------------------------------- copies and conversions

    /// <summary>
    /// Copies <paramref name="source"/> (broadcast to dst's shape, any dtype, any device: PyTorch's copy_) into
    /// <paramref name="destination"/>.
    /// </summary>
    public static void CopyInto(Tensor destination, Tensor source)
    {
        if (source.Device != destination.Device)
        {
            source = MoveTo(source, destination.Device);
        }

        var shape = ShapeRules.Broadcast("copy", source.ShapeRef, destination.ShapeRef);
        if (!shape.AsSpan().SequenceEqual(destination.ShapeRef))
        {
            throw new ArgumentException($"copy: source of shape {ShapeRules.Format(source.ShapeRef)} does not fit destination of shape {ShapeRules.Format(destination.ShapeRef)}");
        }

        var ss = BroadcastStrides(source, shape);
        if (!destination.Device.IsCpu)
        {
            DeviceElementwise.Copy(destination, source, ss);
            return;
        }

        switch (source.Storage.Data)
        {
            case float[] f: CopyFrom(f, source.Offset, ss, destination); break;
            case double[] d: CopyFrom(d, source.Offset, ss, destination); break;
            case long[] l: CopyFrom(l, source.Offset, ss, destination); break;
            case int[] i: CopyFrom(i, source.Offset, ss, destination); break;
            case byte[] b: CopyFrom(b, source.Offset, ss, destination); break;
        }
    }

    private static void CopyFrom<TIn>(TIn[] x, int offset, int[] xs, Tensor y)
        where TIn : unmanaged, INumberBase<TIn>
    {
        switch (y.Storage.Data)
        {
            case float[] f: ElementwiseKernels.Copy(y.ShapeRef, x, offset, xs, f, y.Offset, y.StridesRef); break;
            case double[] d: ElementwiseKernels.Copy(y.ShapeRef, x, offset, xs, d, y.Offset, y.StridesRef); break;
            case long[] l: ElementwiseKernels.Copy(y.ShapeRef, x, offset, xs, l, y.Offset, y.StridesRef); break;
            case int[] i: ElementwiseKernels.Copy(y.ShapeRef, x, offset, xs, i, y.Offset, y.StridesRef); break;
            case byte[] b when y.DType == DType.Bool: CopyToBool(y.ShapeRef, x, offset, xs, b); break;
            case byte[] b: ElementwiseKernels.Copy(y.ShapeRef, x, offset, xs, b, y.Offset, y.StridesRef); break;
        }
    }

    private static void CopyToBool<TIn>(int[] shape, TIn[] x, int offset, int[] xs, byte[] y)
        where TIn : unmanaged, INumberBase<TIn>
    {
        var tmp = new double[y.Length];
        ElementwiseKernels.Copy(shape, x, offset, xs, tmp, 0, ShapeRules.ContiguousStrides(shape));
        for (int i = 0; i < tmp.Length; i++)
        {
            y[i] = tmp[i] != 0 ? (byte)1 : (byte)0;
        }
    }

    /// <summary>x as a dense tensor on <paramref name="device"/>: a copy, or x itself when it is one there already (no graph recorded).</summary>
    public static Tensor MoveTo(Tensor x, Device device)
    {
        if (x.Device == device)
        {
            return Contiguous(x);
        }

        var onHost = x.Device.IsCpu ? x : DeviceTransfer.ToHost(x);
        return device.IsCpu ? onHost : DeviceTransfer.ToDevice(onHost, device);
    }

    /// <summary>A row-major copy of a view, or the tensor itself when it is one (no graph recorded).</summary>
    public static Tensor Contiguous(Tensor x)
    {
        if (x.IsContiguous)
        {
            return x;
        }

        var y = Empty(x.ShapeRef, x.DType, x.Device);
        CopyInto(y, x);
        return y;
    }

    public static void Fill(Tensor y, double value)
    {
        if (!y.Device.IsCpu)
        {
            DeviceElementwise.Fill(y, value);
            return;
        }

        switch (y.Storage.Data)
        {
            case float[] f: ElementwiseKernels.Fill(y.ShapeRef, (float)value, f, y.Offset, y.StridesRef); break;
            case double[] d: ElementwiseKernels.Fill(y.ShapeRef, value, d, y.Offset, y.StridesRef); break;
            case long[] l: ElementwiseKernels.Fill(y.ShapeRef, (long)value, l, y.Offset, y.StridesRef); break;
            case int[] i: ElementwiseKernels.Fill(y.ShapeRef, (int)value, i, y.Offset, y.StridesRef); break;
            case byte[] b: ElementwiseKernels.Fill(y.ShapeRef, y.DType == DType.Bool ? (byte)(value != 0 ? 1 : 0) : (byte)value, b, y.Offset, y.StridesRef); break;
        }
    }

    // ---------------------------------------------------------------- reductions

    /// <summary>Sum over the dims flagged in <paramref name="reduced"/>; keepDim leaves them as size 1.</summary>
    public static Tensor Sum(Tensor x, bool[] reduced, bool keepDim)
    {
        var computeType = x.DType.IsFloatingPoint() ? x.DType : FloatComputeType(x.Device);
        var source = x.To(computeType);
        var outShape = ReducedShape(x.ShapeRef, reduced, keepDim);
        var y = Empty(outShape, computeType, x.Device);
        if (!x.Device.IsCpu)
        {
            DeviceReductions.Sum(source, reduced, y);
        }
        else if (computeType == DType.Float32)
        {
            ReductionKernels.Sum(source.ShapeRef, source.Data<float>(), source.Offset, source.StridesRef, reduced, y.Data<float>());
        }
        else
        {
            ReductionKernels.Sum(source.ShapeRef, source.Data<double>(), source.Offset, source.StridesRef, reduced, y.Data<double>());
        }

        return computeType == x.DType ? y : y.To(x.DType is DType.Int32 or DType.UInt8 or DType.Bool ? DType.Int64 : x.DType);
    }

    /// <summary>Max (or min) along one dim, with the positions (int64).</summary>
    public static (Tensor Values, Tensor Indices) MaxAlongDim(Tensor x, int dim, bool keepDim, bool takeMin)
    {
        var reduced = new bool[x.Rank];
        reduced[dim] = true;
        var outShape = ReducedShape(x.ShapeRef, reduced, keepDim);
        var computeType = x.DType.IsFloatingPoint() ? x.DType : FloatComputeType(x.Device);
        var source = x.To(computeType);
        var values = Empty(outShape, computeType, x.Device);
        var indices = Empty(outShape, DType.Int64, x.Device);
        if (!x.Device.IsCpu)
        {
            DeviceReductions.MaxAlongDim(source, dim, takeMin, values, indices);
        }
        else if (computeType == DType.Float32)
        {
            ReductionKernels.MaxAlongDim(source.ShapeRef, source.Data<float>(), source.Offset, source.StridesRef, dim, takeMin, values.Data<float>(), indices.Data<long>());
        }
        else
        {
            ReductionKernels.MaxAlongDim(source.ShapeRef, source.Data<double>(), source.Offset, source.StridesRef, dim, takeMin, values.Data<double>(), indices.Data<long>());
        }

        return (computeType == x.DType ? values : values.To(x.DType), indices);
    }

    public static int[] ReducedShape(int[] shape, bool[] reduced, bool keepDim)
    {
        var result = new List<int>();
        for (int d = 0; d < shape.Length; d++)
        {
            if (!reduced[d])
            {
                result.Add(shape[d]);
            }
            else if (keepDim)
            {
                result.Add(1);
            }
        }

        return [.. result];
    }

    /// <summary>(outer, n, inner) sizes of a tensor around one dimension.</summary>
    public static (int Outer, int N, int Inner) AroundDim(int[] shape, int dim)
    {
        int outer = 1, inner = 1;
        for (int d = 0; d < dim; d++)
        {
            outer *= shape[d];
        }

        for (int d = dim + 1; d < shape.Length; d++)
        {
            inner *= shape[d];
        }

        return (outer, shape.Length == 0 ? 1 : shape[dim], inner);
    }
}
