using IlgpuNet.Tensors;

namespace IlgpuNet.Layers;

/// <summary>Zeroes elements with probability p in training (scaling the rest by 1/(1-p)); identity in eval.</summary>
public sealed class Dropout(double p = 0.5, Generator? generator = null) : Module
{
    public double P { get; } = p is >= 0 and <= 1 ? p : throw new ArgumentException($"dropout probability has to be between 0 and 1, but got {p}");

    /// <summary>The stream masks are drawn from (the default generator when null).</summary>
    public Generator? Generator { get; set; } = generator;

    public override Tensor Forward(Tensor input) => Functional.Dropout(input, P, IsTraining, Generator);

    protected override string ExtraRepr() => $"p={P:0.0###}, inplace=False";
}
