using IlgpuNet.Tensors;

namespace IlgpuNet.Layers;

/// <summary>Average pooling; stride defaults to the kernel size.</summary>
public sealed class AvgPool2d(Size2 kernelSize, Size2? stride = null, Size2? padding = null, bool ceilMode = false,
    bool countIncludePad = true, int? divisorOverride = null) : Module
{
    public Size2 KernelSize { get; } = kernelSize;

    public Size2 Stride { get; } = stride ?? kernelSize;

    public Size2 Padding { get; } = padding ?? 0;

    public bool CeilMode { get; } = ceilMode;

    public bool CountIncludePad { get; } = countIncludePad;

    public int? DivisorOverride { get; } = divisorOverride;

    public override Tensor Forward(Tensor input)
        => Functional.AvgPool2d(input, KernelSize, Stride, Padding, CeilMode, CountIncludePad, DivisorOverride);

    protected override string ExtraRepr() => $"kernel_size={KernelSize}, stride={Stride}, padding={Padding}";
}
