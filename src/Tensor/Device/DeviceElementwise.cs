using IlgpuNet.Kernels;
using IlgpuNet.Kernels.Gpu;

namespace IlgpuNet.Tensors;

/// <summary>
/// The device half of <see cref="RawOps"/>'s elementwise ops, copies and fills: each tensor's view (shape, strides,
/// offset; stride 0 where broadcast) goes to one strided kernel of Ilgpu/ElementwiseKernels, so views are never copied first.
/// </summary>
internal static class DeviceElementwise
{
    public static void Unary(Tensor y, Tensor x, int[] xStrides, Kernels.UnaryOp op, double p0, double p1)
    {
        DeviceTensor.RequireFloat32(op.ToString().ToLowerInvariant(), y);
        y.Kernels().Unary(op, y.Buffer(), y.KernelView(), x.Buffer(), DeviceTensor.View(x, xStrides),
            DeviceTensor.Longs(y.ShapeRef), (float)p0, (float)p1);
    }

    public static void Binary(Tensor y, Tensor a, int[] aStrides, Tensor b, int[] bStrides, Kernels.BinaryOp op, double p0, double p1)
    {
        DeviceTensor.RequireFloat32(op.ToString().ToLowerInvariant(), y);
        y.Kernels().Binary(op, y.Buffer(), y.KernelView(), a.Buffer(), DeviceTensor.View(a, aStrides), b.Buffer(),
            DeviceTensor.View(b, bStrides), DeviceTensor.Longs(y.ShapeRef), (float)p0, (float)p1);
    }

    public static void Compare(Tensor y, Tensor a, int[] aStrides, Tensor b, int[] bStrides, CompareOp op)
        => y.Kernels().Compare(op, y.Buffer(), y.KernelView(), a.Buffer(), DeviceTensor.View(a, aStrides), b.Buffer(),
            DeviceTensor.View(b, bStrides), DeviceTensor.Longs(y.ShapeRef));

    public static void Where(Tensor y, Tensor condition, int[] cStrides, Tensor a, int[] aStrides, Tensor b, int[] bStrides)
    {
        DeviceTensor.RequireFloat32("where", y);
        y.Kernels().Where(y.Buffer(), y.KernelView(), condition.Buffer(), DeviceTensor.View(condition, cStrides), a.Buffer(),
            DeviceTensor.View(a, aStrides), b.Buffer(), DeviceTensor.View(b, bStrides), DeviceTensor.Longs(y.ShapeRef));
    }

    /// <summary>y[view] = x[view with <paramref name="xStrides"/>], converting the dtype (as the CPU's copy: truncating, bool = non-zero).</summary>
    public static void Copy(Tensor y, Tensor x, int[] xStrides)
        => y.Kernels().Copy(y.Buffer(), y.KernelView(), x.Buffer(), DeviceTensor.View(x, xStrides), DeviceTensor.Longs(y.ShapeRef));

    public static void Fill(Tensor y, double value)
        => y.Kernels().Fill(y.Buffer(), y.KernelView(), DeviceTensor.Longs(y.ShapeRef), value);
}
