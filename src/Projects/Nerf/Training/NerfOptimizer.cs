using IlgpuNet.Layers.Optim;
using IlgpuNet.Nerf.Models;

namespace IlgpuNet.Nerf.Training;

/// <summary>The optimizer a NeRF variant trains with (the trainer's, and the benchmark step's, so both time the same update).</summary>
public static class NerfOptimizer
{
    public static Optimizer Create(NerfOptions options, RadianceModel model)
    {
        if (options.Variant == NerfVariant.Nerf)
        {
            return new Adam(model.Parameters(), lr: options.LearningRate);
        }

        // Instant-NGP: Adam(0.9, 0.99, eps 1e-15); L2 1e-6 on the MLP weights, none on the hash table
        var table = model.NamedParameters().Where(p => p.Name.StartsWith("encoding.", StringComparison.Ordinal)).Select(p => p.Parameter).ToList();
        var networks = model.NamedParameters().Where(p => !p.Name.StartsWith("encoding.", StringComparison.Ordinal)).Select(p => p.Parameter).ToList();
        return new Adam([new ParamGroup(table), new ParamGroup(networks, new Dictionary<string, double> { ["weight_decay"] = 1e-6 })],
            lr: options.LearningRate, beta1: 0.9, beta2: 0.99, eps: 1e-15);
    }
}
