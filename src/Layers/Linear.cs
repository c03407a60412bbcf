using IlgpuNet.Tensors;

namespace IlgpuNet.Layers;

/// <summary>y = x Wᵀ + b: (*, in_features) → (*, out_features). Weight (out, in), bias (out).</summary>
public sealed class Linear : Module
{
    public Linear(int inFeatures, int outFeatures, bool bias = true, Generator? generator = null)
    {
        InFeatures = inFeatures;
        OutFeatures = outFeatures;
        RegisterParameter("weight", Tensor.Zeros(outFeatures, inFeatures));
        RegisterParameter("bias", bias ? Tensor.Zeros(outFeatures) : null);
        ResetParameters(generator);
    }

    public int InFeatures { get; }

    public int OutFeatures { get; }

    public Tensor Weight => RequiredParameter("weight");

    public Tensor? Bias => GetParameter("bias");

    public void ResetParameters(Generator? generator = null) => Init.DefaultLayerInit(Weight, Bias, generator);

    public override Tensor Forward(Tensor input) => Functional.Linear(input, Weight, Bias);

    protected override string ExtraRepr() => $"in_features={InFeatures}, out_features={OutFeatures}, bias={Py(Bias != null)}";
}
