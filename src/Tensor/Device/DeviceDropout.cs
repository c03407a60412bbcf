using IlgpuNet.Kernels;

namespace IlgpuNet.Tensors;

/// <summary>Inverted dropout on a device (Ilgpu/DropoutKernels) with the CPU's Philox mask: same seed and offset, same mask.</summary>
internal static class DeviceDropout
{
    /// <summary>y = x * mask / (1 - p); mask (uint8) element i is 1 when Philox uniform i of (seed, offset) is below 1 - p.</summary>
    public static void Forward(Tensor x, double p, ulong seed, ulong offset, Tensor y, Tensor mask)
        => x.Kernels().DropoutForward(y.Buffer(), mask.Buffer(), x.Buffer(), x.Numel, p, seed, offset);

    public static void Backward(Tensor gradOutput, Tensor mask, double p, Tensor gradInput)
        => mask.Kernels().DropoutBackward(gradInput.Buffer(), gradOutput.Buffer(), mask.Buffer(), mask.Numel, p);
}
