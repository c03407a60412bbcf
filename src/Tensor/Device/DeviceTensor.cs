using IlgpuNet.Kernels;
using IlgpuNet.Kernels.Gpu;

namespace IlgpuNet.Tensors;

/// <summary>What the device halves of the ops need from a tensor: its buffer, its view, the kernels of its device.</summary>
internal static class DeviceTensor
{
    public static DeviceKernels Kernels(this Tensor t) => DeviceRegistry.Kernels(t.Device);

    public static DeviceBuffer Buffer(this Tensor t) => t.Storage.Buffer;

    /// <summary>The buffer of an optional tensor ("no bias", "no class weights" pass a null pointer).</summary>
    public static DeviceBuffer? BufferOrNull(Tensor? t) => t?.Storage.Buffer;

    public static StridedView KernelView(this Tensor t) => View(t, t.StridesRef);

    /// <summary>The tensor's offset with other strides (broadcast strides of an operand).</summary>
    public static StridedView View(Tensor t, int[] strides) => new(t.Offset, Longs(strides));

    public static long[] Longs(int[] values) => Array.ConvertAll(values, v => (long)v);

    /// <summary>
    /// Row-major from element 0 of its own buffer: what every kernel but the strided elementwise family and GEMM
    /// expects. The tensor itself when it already is, else a copy.
    /// </summary>
    public static Tensor Packed(Tensor t)
    {
        if (t.IsContiguous && t.Offset == 0)
        {
            return t;
        }

        var copy = RawOps.Empty(t.ShapeRef, t.DType, t.Device);
        RawOps.CopyInto(copy, t);
        return copy;
    }

    public static Tensor? PackedOrNull(Tensor? t) => t == null ? null : Packed(t);

    public static void RequireFloat32(string op, Tensor t)
    {
        if (t.DType != DType.Float32)
        {
            throw new ArgumentException($"{op}: on {t.Device} tensors must be float32, got {t.DType.Name()}");
        }
    }
}
