using IlgpuNet.Tensors;

namespace IlgpuNet.Layers;

/// <summary>log(1 + e^(beta x)) / beta, linear above threshold.</summary>
public sealed class Softplus(double beta = 1.0, double threshold = 20.0) : Module
{
    public double Beta { get; } = beta;

    public double Threshold { get; } = threshold;

    public override Tensor Forward(Tensor input) => Functional.Softplus(input, Beta, Threshold);

    protected override string ExtraRepr() => $"beta={Beta:0.0###}, threshold={Threshold:0.0###}";
}
