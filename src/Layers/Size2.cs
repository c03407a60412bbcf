namespace IlgpuNet.Layers;

/// <summary>A (height, width) pair: kernel size, stride, dilation. An int means the same value for both, as in PyTorch.</summary>
public readonly record struct Size2(int H, int W)
{
    public static implicit operator Size2(int both) => new(both, both);

    public static implicit operator Size2((int H, int W) pair) => new(pair.H, pair.W);

    public override string ToString() => H == W ? $"{H}" : $"({H}, {W})";
}
