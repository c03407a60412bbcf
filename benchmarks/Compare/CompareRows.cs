namespace IlgpuNet.Benchmarks.Compare;

/// <summary>
/// The rows of `benchmarks compare`: the seed models (<see cref="SeedModels"/>) and, beside the NeRF MLP, NeRF's two
/// training steps (<see cref="NerfSteps"/>), which render rays and train with Adam; their batch is in rays. Kept apart
/// from <see cref="SeedModels"/>, which gpu-check compiles in without the NeRF project, and which the device suite and
/// the scaling sweep build as modules.
/// </summary>
public static class CompareRows
{
    public static IReadOnlyList<string> RayStepNames { get; } = ["nerf-full", "nerf-fast"];

    public static IReadOnlyList<string> Names { get; } =
        [.. SeedModels.Names.SelectMany(name => name == "nerf" ? [name, .. RayStepNames] : new[] { name })];

    public static SeedModel Find(string name, int? batch = null)
    {
        if (!Names.Contains(name))
        {
            throw new ArgumentException($"unknown seed model '{name}'; known: {string.Join(", ", Names)}");
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(batch ?? 1, 1, nameof(batch));
        return name switch
        {
            "nerf-full" => Rays(name, NerfSteps.Paper, batch ?? NerfSteps.PaperRays, 2),
            "nerf-fast" => Rays(name, NerfSteps.Fast, batch ?? NerfSteps.FastRays, 3),
            _ => SeedModels.Find(name, batch),
        };
    }

    private static SeedModel Rays(string name, Func<int, Action> step, int rays, int timedSteps)
        => SeedModel.Custom(name, () => step(rays), rays, timedSteps);
}
