namespace IlgpuNet.Kernels.Ilgpu;

/// <summary>The logical shape every operand of one elementwise launch shares: Rank sizes, row-major.</summary>
public struct KernelShape
{
    public const int MaxRank = 8;

    public Dims8 Size;
    public int Rank;
}
