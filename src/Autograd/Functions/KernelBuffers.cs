using IlgpuNet.Kernels;
using IlgpuNet.Tensors;

namespace IlgpuNet.Autograd.Functions;

/// <summary>
/// What the nn functions need to call the kernels: dense copies of inputs, spans over a tensor's elements,
/// float32/float64 dispatch to one generic CPU body, or the device body when the tensor lives on a device.
/// </summary>
internal static class KernelBuffers
{
    /// <summary>
    /// A row-major tensor with these elements: the tensor itself when it already is one (no graph recorded). On a
    /// device it also starts at element 0 of its buffer, as device kernels index from there.
    /// </summary>
    public static Tensor Dense(Tensor t)
    {
        if (t.IsContiguous && (t.Device.IsCpu || t.Offset == 0))
        {
            return t;
        }

        var copy = RawOps.Empty(t.ShapeRef, t.DType, t.Device);
        RawOps.CopyInto(copy, t);
        return copy;
    }

    /// <summary>Disposes <paramref name="dense"/> when it is a copy <see cref="Dense"/> (or Contiguous) made of <paramref name="original"/>.</summary>
    public static void DisposeCopy(Tensor dense, Tensor original)
    {
        if (!ReferenceEquals(dense, original))
        {
            dense.Dispose();
        }
    }

    /// <summary>The elements of a contiguous tensor (an empty span for null: "no bias", "no affine").</summary>
    public static Span<T> Span<T>(Tensor? t)
        where T : unmanaged
        => t == null ? default : t.Data<T>().AsSpan(t.Offset, t.Numel);

    /// <summary>Runs the float or the double instantiation of an op body, by the dtype of <paramref name="t"/>.</summary>
    public static void Dispatch(string op, Tensor t, Action asFloat, Action asDouble)
    {
        switch (t.DType)
        {
            case DType.Float32: asFloat(); break;
            case DType.Float64: asDouble(); break;
            default: throw new ArgumentException($"{op}: needs a float32 or float64 tensor, got {t.DType.Name()}");
        }
    }

    /// <summary>Runs <paramref name="onDevice"/> for a tensor on a device (float32 only), else the CPU body for its dtype.</summary>
    public static void Dispatch(string op, Tensor t, Action asFloat, Action asDouble, Action onDevice)
    {
        if (t.Device.IsCpu)
        {
            Dispatch(op, t, asFloat, asDouble);
            return;
        }

        DeviceTensor.RequireFloat32(op, t);
        onDevice();
    }

    /// <summary>Inputs of one op must share a device: the error names both.</summary>
    public static void RequireSameDevice(string op, Tensor reference, params Tensor?[] others)
    {
        foreach (var o in others)
        {
            if (o != null)
            {
                RawOps.RequireSameDevice(op, reference, o);
            }
        }
    }

    public static void RequireSameDType(string op, Tensor reference, params Tensor?[] others)
    {
        foreach (var o in others)
        {
            if (o != null && o.DType != reference.DType)
            {
                throw new ArgumentException($"{op}: expected all tensors to be {reference.DType.Name()}, got {o.DType.Name()}");
            }
        }
    }

    public static void RequireRank(string op, Tensor t, int rank, string what)
    {
        if (t.Rank != rank)
        {
            throw new ArgumentException($"{op}: expected a {rank}-D {what}, got shape {ShapeRules.Format(t.ShapeRef)}");
        }
    }
}
