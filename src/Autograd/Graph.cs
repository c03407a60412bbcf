using IlgpuNet.Tensors;

namespace IlgpuNet.Autograd;

/// <summary>Where ops record themselves: attaches a <see cref="GradFn"/> to a result when any input needs gradients.</summary>
public static class Graph
{
    /// <summary>
    /// Marks <paramref name="output"/> as produced by <paramref name="name"/> from <paramref name="inputs"/>, with
    /// <paramref name="backward"/> mapping dL/doutput to dL/dinput for each input (same order). Returns output.
    /// <paramref name="saved"/> lists the tensors whose elements the backward reads (PyTorch's save_for_backward): the
    /// node holds their storages until it is released. Left out, the node holds every input's and the output's, which
    /// is always safe; an op that reads fewer (ReLU only its output, a sum nothing) says so and frees memory sooner.
    /// </summary>
    public static Tensor Record(string name, Tensor output, Tensor[] inputs, Func<Tensor, Tensor?[]> backward, Tensor?[]? saved = null)
    {
        if (!GradMode.IsEnabled || !inputs.Any(t => t.RequiresGrad))
        {
            return output;
        }

        var held = saved == null ? [.. inputs, output] : saved.OfType<Tensor>();
        output.GradFn = new GradFn(name, inputs, backward, [.. held.Select(t => t.Storage).Distinct()]);
        output.SetRequiresGradFromOp();
        return output;
    }

    public static bool NeedsGrad(params Tensor[] inputs) => GradMode.IsEnabled && inputs.Any(t => t.RequiresGrad);
}
