namespace IlgpuNet.Layers;

/// <summary>
/// Convolution padding: explicit (height, width) amounts, or PyTorch's strings "valid" (none) and "same" (output
/// as large as the input; stride 1 only; an odd total pads the extra row/column at the bottom/right).
/// </summary>
public readonly record struct Padding2d(int H, int W, bool Same = false)
{
    public static Padding2d Valid => new(0, 0);

    public static implicit operator Padding2d(int both) => new(both, both);

    public static implicit operator Padding2d((int H, int W) pair) => new(pair.H, pair.W);

    public static implicit operator Padding2d(Size2 size) => new(size.H, size.W);

    public static implicit operator Padding2d(string mode) => mode switch
    {
        "same" => new(0, 0, Same: true),
        "valid" => new(0, 0),
        _ => throw new ArgumentException($"padding: expected \"same\", \"valid\" or sizes, got \"{mode}\""),
    };

    public override string ToString() => Same ? "same" : H == W ? $"{H}" : $"({H}, {W})";
}
