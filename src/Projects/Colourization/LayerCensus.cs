using IlgpuNet.Autograd;
using IlgpuNet.Layers;
using IlgpuNet.Tensors;

namespace IlgpuNet.Colourization;

/// <summary>
/// Weights, outputs and connections of a network, counted layer by layer from the model itself: one image of the given
/// size runs through it and a hook on every layer reads its input and output shapes. The assignment's conventions:
/// batch norm is left out (its parameters excluded), and so is ReLU, which only transforms the units it is given.
/// A convolution's weights are its kernel and bias; its outputs are its output units; its connections are the kernel
/// taps feeding each output (k·k·Cin per unit, padding taps included). A transposed convolution's connections are those
/// each input unit feeds (k·k·Cout). A max-pool's outputs each connect to its window, a nearest upsampling's to one unit.
/// </summary>
public static class LayerCensus
{
    public sealed record Row(string Layer, string Type, int[] OutputShape, long Weights, long Outputs, long Connections);

    public sealed record Totals(long Weights, long Outputs, long Connections);

    public static IReadOnlyList<Row> Count(Module model, int inChannels, int height, int width)
    {
        var rows = new List<Row>();
        var handles = new List<HookHandle>();
        foreach (var (name, module) in model.NamedModules().Skip(1).Where(m => !m.Module.Children().Any()))
        {
            handles.Add(module.RegisterForwardHook((Module layer, Tensor input, Tensor output) =>
            {
                if (Counts(layer, input.Shape, output.Shape) is var (weights, connections))
                {
                    long outputs = output.Numel / output.Size(0);
                    rows.Add(new Row(name, layer.GetType().Name, output.Shape[1..], weights, outputs, connections));
                }
            }));
        }

        bool training = model.IsTraining;
        try
        {
            model.Eval();
            using (GradMode.NoGrad())
            {
                model.Call(Tensor.Zeros(1, inChannels, height, width));
            }
        }
        finally
        {
            handles.ForEach(handle => handle.Remove());
            model.Train(training);
        }

        return rows;
    }

    public static Totals Sum(IReadOnlyList<Row> rows) => new(rows.Sum(r => r.Weights), rows.Sum(r => r.Outputs), rows.Sum(r => r.Connections));

    // (weights, connections) of a counted layer; null for one left out
    private static (long Weights, long Connections)? Counts(Module layer, int[] input, int[] output)
    {
        long outputs = output.Skip(1).Aggregate(1L, (a, b) => a * b);
        long inputs = input.Skip(1).Aggregate(1L, (a, b) => a * b);
        return layer switch
        {
            BatchNorm or ReLU => null,
            ConvTranspose2d conv => (conv.ParameterCount(), inputs * conv.OutChannels / conv.Groups * conv.KernelSize.H * conv.KernelSize.W),
            Conv2d conv => (conv.ParameterCount(), outputs * conv.InChannels / conv.Groups * conv.KernelSize.H * conv.KernelSize.W),
            MaxPool2d pool => (0, outputs * pool.KernelSize.H * pool.KernelSize.W),
            Upsample { Mode: UpsampleMode.Nearest } => (0, outputs),
            _ => throw new NotSupportedException($"{layer.GetType().Name}: the census has no rule for this layer"),
        };
    }
}
