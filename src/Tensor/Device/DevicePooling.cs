using IlgpuNet.Kernels.Cpu;

namespace IlgpuNet.Tensors;

/// <summary>max / avg / adaptive pooling on a device (Ilgpu/MaxPool2dKernels, AvgPool2dKernels, AdaptivePool2dKernels); tensors packed (N, C, H, W), outputs overwritten.</summary>
internal static class DevicePooling
{
    public static void MaxForward(Pool2dGeometry g, Tensor x, Tensor y, Tensor indices)
        => x.Kernels().MaxPool2dForward(g, x.Buffer(), y.Buffer(), indices.Buffer());

    public static void MaxBackward(Pool2dGeometry g, Tensor dy, Tensor indices, Tensor dx)
        => dy.Kernels().MaxPool2dBackward(g, dy.Buffer(), indices.Buffer(), dx.Buffer());

    public static void AvgForward(Pool2dGeometry g, Tensor x, Tensor y, bool countIncludePad, int? divisorOverride)
        => x.Kernels().AvgPool2dForward(g, x.Buffer(), y.Buffer(), countIncludePad, divisorOverride);

    public static void AvgBackward(Pool2dGeometry g, Tensor dy, Tensor dx, bool countIncludePad, int? divisorOverride)
        => dy.Kernels().AvgPool2dBackward(g, dy.Buffer(), dx.Buffer(), countIncludePad, divisorOverride);

    /// <summary>Adaptive average (indices null) or max pooling of x (N, C, H, W) into y (N, C, OH, OW).</summary>
    public static void AdaptiveForward(Tensor x, Tensor y, Tensor? indices)
    {
        int[] s = x.ShapeRef;
        x.Kernels().AdaptivePool2dForward(y.Buffer(), DeviceTensor.BufferOrNull(indices), x.Buffer(), s[0], s[1], s[2], s[3],
            y.ShapeRef[2], y.ShapeRef[3]);
    }

    public static void AdaptiveBackward(Tensor dy, Tensor? indices, Tensor dx)
    {
        int[] s = dx.ShapeRef;
        dy.Kernels().AdaptivePool2dBackward(dx.Buffer(), dy.Buffer(), DeviceTensor.BufferOrNull(indices), s[0], s[1], s[2], s[3],
            dy.ShapeRef[2], dy.ShapeRef[3]);
    }
}
