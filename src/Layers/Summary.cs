using System.Globalization;
using System.Text;
using IlgpuNet.Autograd;
using IlgpuNet.Kernels;
using IlgpuNet.Tensors;

namespace IlgpuNet.Layers;

/// <summary>
/// torchsummary's table: one row per layer run (containers excluded) with its output shape and its own parameter
/// count, then totals and memory estimates. The model runs once on zeros of (2, inputShape...) in eval mode without
/// grad; its training mode is restored afterwards.
/// </summary>
public static class Summary
{
    public static string Create(Module model, params int[] inputShape)
    {
        var rows = new List<(string Layer, int[] Shape, long Params)>();
        var handles = new List<HookHandle>();
        var counters = new Dictionary<string, int>();
        foreach (var (_, module) in model.NamedModules().Skip(1))
        {
            if (module is Sequential or ModuleList)
            {
                continue;
            }

            handles.Add(module.RegisterForwardHook((Module m, Tensor _, Tensor output) =>
            {
                string type = m.GetType().Name;
                int index = rows.Count + 1;
                long own = m.Parameters(recurse: false).Sum(p => (long)p.Numel);
                rows.Add(($"{type}-{index}", output.Shape, own));
            }));
        }

        var modes = model.Modules().Select(m => (m, m.IsTraining)).ToList();
        try
        {
            model.Eval();
            using (GradMode.NoGrad())
            {
                var first = model.Parameters().FirstOrDefault();
                model.Call(Tensor.Zeros([2, .. inputShape], first?.DType ?? DType.Float32, first?.Device));
            }
        }
        finally
        {
            handles.ForEach(h => h.Remove());
            foreach (var (m, training) in modes)
            {
                m.IsTraining = training; // each module back to its own mode (Train() would recurse)
            }
        }

        long total = model.ParameterCount(), trainable = model.ParameterCount(trainableOnly: true);
        var c = CultureInfo.InvariantCulture;
        string line = new('-', 64), doubleLine = new('=', 64);
        var text = new StringBuilder();
        text.AppendLine(line);
        text.AppendLine($"{"Layer (type)",20}  {"Output Shape",25} {"Param #",15}");
        text.AppendLine(doubleLine);
        long activations = 0;
        foreach (var (layer, shape, count) in rows)
        {
            var shown = "[-1, " + string.Join(", ", shape.Skip(1)) + "]";
            text.AppendLine($"{layer,20}  {shown,25} {count.ToString("N0", c),15}");
            activations += shape.Skip(1).Aggregate(1L, (a, b) => a * b);
        }

        double inputMb = inputShape.Aggregate(1L, (a, b) => a * b) * 4 / (1024.0 * 1024);
        double passMb = 2.0 * activations * 4 / (1024.0 * 1024); // x2 for gradients
        double paramsMb = total * 4 / (1024.0 * 1024);
        text.AppendLine(doubleLine);
        text.AppendLine($"Total params: {total.ToString("N0", c)}");
        text.AppendLine($"Trainable params: {trainable.ToString("N0", c)}");
        text.AppendLine($"Non-trainable params: {(total - trainable).ToString("N0", c)}");
        text.AppendLine(line);
        text.AppendLine($"Input size (MB): {inputMb.ToString("F2", c)}");
        text.AppendLine($"Forward/backward pass size (MB): {passMb.ToString("F2", c)}");
        text.AppendLine($"Params size (MB): {paramsMb.ToString("F2", c)}");
        text.AppendLine($"Estimated Total Size (MB): {(inputMb + passMb + paramsMb).ToString("F2", c)}");
        text.AppendLine(line);
        return text.ToString();
    }

    public static void Print(Module model, params int[] inputShape) => Console.Write(Create(model, inputShape));
}
