namespace IlgpuNet.Kernels.Cpu;

/// <summary>
/// The five one-dimensional transforms of one Winograd algorithm F(4, r) with window α = 4 + r − 1, each applied to
/// Vector&lt;float&gt;-wide columns: element i of a sequence lies at <c>src + i·srcStride</c>, its result i is written to
/// <c>dst + i·dstStride</c> (dst may be src where the lengths agree). <see cref="WinogradConv2d{TTransforms}"/> applies
/// each along rows, then along columns. Implemented by structs, so the JIT writes one tiling kernel per algorithm.
/// </summary>
internal unsafe interface IWinogradTransforms
{
    /// <summary>r, the filter's side.</summary>
    static abstract int FilterSize { get; }

    /// <summary>Channels the forward and input-gradient GEMMs need on both sides to pay for the transforms.</summary>
    static abstract int MinChannels { get; }

    /// <summary>Channels the weight gradient needs on both sides: its GEMMs pack both operands.</summary>
    static abstract int MinWeightGradientChannels { get; }

    /// <summary>v = Bᵀ d: α input values → α.</summary>
    static abstract void Input(float* src, long srcStride, float* dst, long dstStride);

    /// <summary>u = G w: r filter taps → α.</summary>
    static abstract void Filter(float* src, long srcStride, float* dst, long dstStride);

    /// <summary>o = Aᵀ m: α products → 4 outputs.</summary>
    static abstract void Output(float* src, long srcStride, float* dst, long dstStride);

    /// <summary>dm = A do: 4 output gradients → α (the transpose of <see cref="Output"/>).</summary>
    static abstract void OutputGradient(float* src, long srcStride, float* dst, long dstStride);

    /// <summary>dw = Gᵀ du: α → r filter-tap gradients (the transpose of <see cref="Filter"/>).</summary>
    static abstract void FilterGradient(float* src, long srcStride, float* dst, long dstStride);
}
