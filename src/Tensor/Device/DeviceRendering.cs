namespace IlgpuNet.Tensors;

/// <summary>NeRF volume rendering and importance sampling on a device (Ilgpu/VolumeRenderKernels); all tensors packed float32.</summary>
internal static class DeviceRendering
{
    public static void Forward(Tensor sigma, Tensor rgb, Tensor t, Tensor delta, Tensor output, Tensor weights)
        => sigma.Kernels().VolumeRenderForward(output.Buffer(), weights.Buffer(), sigma.Buffer(), rgb.Buffer(), t.Buffer(), delta.Buffer(),
            sigma.ShapeRef[0], sigma.ShapeRef[1]);

    public static void Backward(Tensor gradOutput, Tensor sigma, Tensor rgb, Tensor t, Tensor delta, Tensor weights, Tensor gradSigma, Tensor gradRgb)
        => sigma.Kernels().VolumeRenderBackward(gradSigma.Buffer(), gradRgb.Buffer(), gradOutput.Buffer(), sigma.Buffer(), rgb.Buffer(),
            t.Buffer(), delta.Buffer(), weights.Buffer(), sigma.ShapeRef[0], sigma.ShapeRef[1]);

    public static void SamplePdf(Tensor bins, Tensor weights, bool deterministic, ulong seed, ulong offset, Tensor samples)
        => bins.Kernels().SamplePdf(samples.Buffer(), bins.Buffer(), weights.Buffer(), weights.ShapeRef[0], weights.ShapeRef[1],
            samples.ShapeRef[1], deterministic, seed, offset);
}
