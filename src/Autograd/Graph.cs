using IlgpuNet.Tensors;

namespace IlgpuNet.Autograd;

/// <summary>Where ops record themselves: attaches a <see cref="GradFn"/> to a result when any input needs gradients.</summary>
public static class Graph
{
    /// <summary>
    /// Marks <paramref name="output"/> as produced by <paramref name="name"/> from <paramref name="inputs"/>, with
    /// <paramref name="backward"/> mapping dL/doutput to dL/dinput for each input (same order). Returns output.
    /// </summary>
    public static Tensor Record(string name, Tensor output, Tensor[] inputs, Func<Tensor, Tensor?[]> backward)
    {
        if (!GradMode.IsEnabled || !inputs.Any(t => t.RequiresGrad))
        {
            return output;
        }

        output.GradFn = new GradFn(name, inputs, backward);
        output.SetRequiresGradFromOp();
        return output;
    }

    public static bool NeedsGrad(params Tensor[] inputs) => GradMode.IsEnabled && inputs.Any(t => t.RequiresGrad);
}
