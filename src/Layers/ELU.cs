using IlgpuNet.Tensors;

namespace IlgpuNet.Layers;

/// <summary>x if x &gt; 0 else alpha (e^x - 1).</summary>
public sealed class ELU(double alpha = 1.0) : Module
{
    public double Alpha { get; } = alpha;

    public override Tensor Forward(Tensor input) => Functional.Elu(input, Alpha);

    protected override string ExtraRepr() => $"alpha={Alpha:0.0###}";
}
