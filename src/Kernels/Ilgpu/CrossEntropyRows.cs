namespace IlgpuNet.Kernels.Ilgpu;

/// <summary>The scalar arguments of the cross entropy kernels: x is [N, C, S]; the rest as torch's cross_entropy.</summary>
public struct CrossEntropyRows
{
    public int N, C, S;
    public long IgnoreIndex;
    public float LabelSmoothing;
    public int FromLogits;
}
