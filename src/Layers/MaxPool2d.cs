using IlgpuNet.Tensors;

namespace IlgpuNet.Layers;

/// <summary>Max pooling; stride defaults to the kernel size. Padding is never the max (it is skipped).</summary>
public sealed class MaxPool2d(Size2 kernelSize, Size2? stride = null, Size2? padding = null, Size2? dilation = null, bool ceilMode = false) : Module
{
    public Size2 KernelSize { get; } = kernelSize;

    public Size2 Stride { get; } = stride ?? kernelSize;

    public Size2 Padding { get; } = padding ?? 0;

    public Size2 Dilation { get; } = dilation ?? 1;

    public bool CeilMode { get; } = ceilMode;

    public override Tensor Forward(Tensor input) => Functional.MaxPool2d(input, KernelSize, Stride, Padding, Dilation, CeilMode);

    protected override string ExtraRepr()
        => $"kernel_size={KernelSize}, stride={Stride}, padding={Padding}, dilation={Dilation}, ceil_mode={Py(CeilMode)}";
}
