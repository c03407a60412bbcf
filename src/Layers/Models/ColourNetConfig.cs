namespace IlgpuNet.Layers.Models;

/// <summary>
/// The colourization networks' settings, named as in the course's assignment: <c>kernel</c>, <c>num_in_channels</c>
/// (NIC), <c>num_filters</c> (NF), <c>num_colours</c> (NC, the colour classes predicted per pixel) and <c>dilation</c>
/// (of every kernel-sized convolution). The paddings follow from kernel and dilation so that every network keeps
/// each tensor's shape whatever the kernel: a stride-1 convolution keeps H×W, a stride-2 one halves it, a transposed one
/// doubles it. With span s = dilation·(kernel − 1): stride-1 padding s/2 (PyTorch's "same" when s is odd, the extra
/// row and column at the bottom and right), stride-2 padding ⌊s/2⌋, transposed padding ⌊s/2⌋ with output_padding
/// 1 − s mod 2. Kernel 3: 1, 1, 1 and 1 (the assignment's values); kernel 4: "same", 1, 1 and 0; kernel 5: 2, 2, 2 and 1.
/// </summary>
public sealed record ColourNetConfig(int Kernel = 3, int InChannels = 1, int Filters = 32, int Colours = 24, int Dilation = 1)
{
    /// <summary>How far a kernel reaches beyond its first tap: dilation·(kernel − 1).</summary>
    public int Span => Dilation * (Kernel - 1);

    /// <summary>Padding of a stride-1 convolution that keeps H×W.</summary>
    public Padding2d SamePadding => Span % 2 == 0 ? Span / 2 : "same";

    /// <summary>Padding of a stride-2 convolution that halves an even H: ⌊(H + 2p − s − 1) / 2⌋ + 1 = H/2.</summary>
    public int StridedPadding => Span / 2;

    /// <summary>Padding of a stride-2 transposed convolution that doubles H: (H − 1)·2 − 2p + s + output_padding + 1 = 2H.</summary>
    public int TransposedPadding => Span / 2;

    /// <summary>The transposed convolution's output_padding (always below its stride of 2, as PyTorch requires).</summary>
    public int OutputPadding => 1 - (Span % 2);

    /// <summary>Throws <see cref="ArgumentException"/> naming the first setting out of range.</summary>
    public void Validate()
    {
        foreach (var (name, value) in new[] { ("kernel", Kernel), ("num_in_channels", InChannels), ("num_filters", Filters), ("num_colours", Colours), ("dilation", Dilation) })
        {
            if (value < 1)
            {
                throw new ArgumentException($"{name} must be at least 1, got {value}");
            }
        }
    }

    /// <summary>[Conv (stride 2) – BN – ReLU]: halves H×W.</summary>
    internal Sequential Down(int inChannels, int outChannels) => new(
        new Conv2d(inChannels, outChannels, Kernel, stride: 2, padding: StridedPadding, dilation: Dilation), new BatchNorm2d(outChannels), new ReLU());

    /// <summary>[ConvTranspose (stride 2) – BN – ReLU]: doubles H×W.</summary>
    internal Sequential Up(int inChannels, int outChannels) => new(
        new ConvTranspose2d(inChannels, outChannels, Kernel, stride: 2, padding: TransposedPadding, outputPadding: OutputPadding, dilation: Dilation),
        new BatchNorm2d(outChannels), new ReLU());

    /// <summary>A stride-1 convolution that keeps H×W.</summary>
    internal Conv2d Same(int inChannels, int outChannels) => new(inChannels, outChannels, Kernel, padding: SamePadding, dilation: Dilation);
}
