using IlgpuNet.Tensors;

namespace IlgpuNet.Layers;

/// <summary>x if x &gt; 0 else negative_slope x.</summary>
public sealed class LeakyReLU(double negativeSlope = 0.01) : Module
{
    public double NegativeSlope { get; } = negativeSlope;

    public override Tensor Forward(Tensor input) => Functional.LeakyRelu(input, NegativeSlope);

    protected override string ExtraRepr() => $"negative_slope={NegativeSlope:G}";
}
