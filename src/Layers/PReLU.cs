using IlgpuNet.Tensors;

namespace IlgpuNet.Layers;

/// <summary>x if x &gt; 0 else a x with a learned slope a: one shared, or one per channel (dim 1); initialised to 0.25.</summary>
public sealed class PReLU : Module
{
    public PReLU(int numParameters = 1, double init = 0.25)
    {
        NumParameters = numParameters;
        RegisterParameter("weight", Tensor.Full([numParameters], init));
    }

    public int NumParameters { get; }

    public Tensor Weight => RequiredParameter("weight");

    public override Tensor Forward(Tensor input) => Functional.PRelu(input, Weight);

    protected override string ExtraRepr() => $"num_parameters={NumParameters}";
}
