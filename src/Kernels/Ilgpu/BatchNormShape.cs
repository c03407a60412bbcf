namespace IlgpuNet.Kernels.Ilgpu;

/// <summary>The scalar arguments of the batch-norm kernels: x viewed as [N, C, Spatial] (Spatial = H*W, 1 for BatchNorm1d).</summary>
public struct BatchNormShape
{
    public int N, C, Spatial;
    public float Momentum, Eps;

    /// <summary>Elements per channel: N * Spatial.</summary>
    public readonly long Count => (long)N * Spatial;

    /// <summary>Index of element j (of Count) of channel c.</summary>
    public readonly long At(int c, long j) => (j / Spatial * C + c) * Spatial + j % Spatial;
}
