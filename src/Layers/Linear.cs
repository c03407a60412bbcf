using IlgpuNet.Autograd;
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

    /// <summary>
    /// <c>Call(h.Relu())</c> without writing relu(h) (<see cref="Functional.ReluLinear"/>): backward then keeps only h,
    /// where the two ops keep relu(h) and leave h to its owner. A layer with hooks gets relu(h) as its input, as they
    /// expect.
    /// </summary>
    public Tensor CallRectified(Tensor h)
    {
        if (HasHooks)
        {
            using var rectified = h.Relu();
            return Call(rectified);
        }

        using (Profiler.Measure("forward", "ReLU+Linear"))
        {
            return Functional.ReluLinear(h, Weight, Bias);
        }
    }

    /// <summary>
    /// <c>Call(Tensor.Cat([first, second], -1))</c> without writing the concatenation (<see cref="Functional.LinearOverParts"/>):
    /// backward keeps the two parts, which the layers that made them often keep already, and hands each its gradient
    /// whole instead of as a strided slice of the concatenation's. The products sum in another order than one product
    /// over the concatenation (float rounding differs). A layer with hooks gets the concatenation, as they expect.
    /// </summary>
    public Tensor CallConcatenated(Tensor first, Tensor second) => CallOnParts(first, second, rectifySecond: false);

    /// <summary><c>Call(Tensor.Cat([first, h.Relu()], -1))</c>, a skip connection's layer, as <see cref="CallConcatenated"/> with the ReLU folded in as <see cref="CallRectified"/> does.</summary>
    public Tensor CallConcatenatedRectified(Tensor first, Tensor h) => CallOnParts(first, h, rectifySecond: true);

    private Tensor CallOnParts(Tensor first, Tensor second, bool rectifySecond)
    {
        if (HasHooks)
        {
            using var rectified = rectifySecond ? second.Relu() : null;
            using var joined = Tensor.Cat([first, rectified ?? second], -1);
            return Call(joined);
        }

        using (Profiler.Measure("forward", "Linear over parts"))
        {
            return Functional.LinearOverParts(first, second, Weight, Bias, rectifySecond);
        }
    }

    protected override string ExtraRepr() => $"in_features={InFeatures}, out_features={OutFeatures}, bias={Py(Bias != null)}";
}
