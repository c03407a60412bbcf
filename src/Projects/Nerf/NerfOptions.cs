using System.Globalization;
using IlgpuNet.Nerf.Scenes;
using IlgpuNet.Training;

namespace IlgpuNet.Nerf;

/// <summary>
/// Everything a NeRF run is trained with. <see cref="For"/> gives each variant's defaults; a checkpoint stores the
/// options it was trained with, so rendering and evaluation rebuild the same model and a resumed run keeps them.
/// </summary>
public sealed record NerfOptions
{
    public NerfVariant Variant { get; init; } = NerfVariant.Fast;

    /// <summary>Views are area-downscaled by this factor (800x800 lego views at 4: 200x200).</summary>
    public int Downscale { get; init; } = 4;

    public int Iterations { get; init; } = 20_000;

    /// <summary>Stop after this much training time (minutes, validation excluded) even if iterations remain.</summary>
    public double? TimeLimitMinutes { get; init; }

    /// <summary>Rays per step, drawn from all training views (a shuffled pass over every pixel, then the next).</summary>
    public int BatchRays { get; init; } = 4096;

    public double LearningRate { get; init; } = 1e-2;

    /// <summary>Exponential decay: the learning rate reaches LearningRate x this factor at the last iteration.</summary>
    public double LearningRateDecay { get; init; } = 0.1;

    public ulong Seed { get; init; }

    // Scene geometry (the synthetic scenes: near 2, far 6, inside a cube of half-size 1.5), background colour.
    public double Near { get; init; } = 2;

    public double Far { get; init; } = 6;

    public double Bound { get; init; } = 1.5;

    public bool WhiteBackground { get; init; } = true;

    public Holdout Holdout { get; init; } = new();

    // The paper's model.
    public int CoarseSamples { get; init; } = 64;

    public int FineSamples { get; init; } = 128;

    public int PositionFrequencies { get; init; } = 10;

    public int DirectionFrequencies { get; init; } = 4;

    public int Depth { get; init; } = 8;

    public int Width { get; init; } = 256;

    /// <summary>Standard deviation of the noise added to raw densities while training (the paper's regulariser; 0 = off).</summary>
    public double RawNoise { get; init; }

    /// <summary>First iterations draw rays from the central crop only (nerf-pytorch's precrop for the synthetic scenes).</summary>
    public int PrecropIterations { get; init; }

    public double PrecropFraction { get; init; } = 0.5;

    // The fast variant.
    public int HashLevels { get; init; } = 16;

    public int HashFeatures { get; init; } = 2;

    public int HashTableLog2 { get; init; } = 15;

    public int HashBaseResolution { get; init; } = 16;

    public int HashMaxResolution { get; init; } = 1024;

    public int HiddenWidth { get; init; } = 64;

    /// <summary>Cells per axis of the occupancy grid over the bounding cube.</summary>
    public int GridResolution { get; init; } = 64;

    /// <summary>Ray-marching steps across the bounding cube's diagonal (the step length is diagonal / this).</summary>
    public int MarchSteps { get; init; } = 512;

    /// <summary>Steps between occupancy-grid updates; before <see cref="GridWarmup"/> every cell counts as occupied.</summary>
    public int GridUpdateEvery { get; init; } = 16;

    /// <summary>
    /// First step that updates the grid (0: at once, from the untrained densities, as torch-ngp does; until then every cell
    /// is marched, several hundred samples a ray).
    /// </summary>
    public int GridWarmup { get; init; }

    // Bookkeeping.
    public int ValidateEvery { get; init; } = 500;

    public int CheckpointEvery { get; init; } = 500;

    /// <summary>The defaults of one variant: the paper's settings for NeRF (batch 1024, lr 5e-4, precrop), Instant-NGP's for the fast one.</summary>
    public static NerfOptions For(NerfVariant variant) => variant switch
    {
        NerfVariant.Nerf => new NerfOptions
        {
            Variant = variant,
            Downscale = 8,
            Iterations = 20_000,
            BatchRays = 1024,
            LearningRate = 5e-4,
            PrecropIterations = 500,
            ValidateEvery = 250,
            CheckpointEvery = 100,
        },
        _ => new NerfOptions { Variant = variant },
    };

    /// <summary>Every option out of range, one line each naming the option and its value.</summary>
    /// <exception cref="InvalidOptionsException">Some option cannot work.</exception>
    public void Validate()
    {
        var check = new OptionCheck()
            .Positive("--downscale", Downscale)
            .Positive("--iterations", Iterations)
            .Positive("--time-limit", TimeLimitMinutes)
            .Positive("--batch-rays", BatchRays)
            .Positive("--lr", LearningRate)
            .Positive("--lr-decay", LearningRateDecay)
            .InRange("--lr-decay", LearningRateDecay, 0, 1)
            .Positive("--bound", Bound)
            .AtLeast("--coarse-samples", CoarseSamples, 2)
            .AtLeast("--fine-samples", FineSamples, 0)
            .InRange("--hash-table-log2", HashTableLog2, 4, 24)
            .Positive("--hash-levels", HashLevels)
            .AtLeast("--hash-max-resolution", HashMaxResolution, HashBaseResolution)
            .InRange("--grid-resolution", GridResolution, 4, 512)
            .AtLeast("--march-steps", MarchSteps, 16)
            .AtLeast("--holdout-test", Holdout.Test, 0)
            .AtLeast("--holdout-val", Holdout.Val, 0);
        if (!(Near >= 0 && Far > Near))
        {
            check.Add(string.Create(CultureInfo.InvariantCulture, $"--near {Near} --far {Far}: need 0 <= near < far"));
        }

        check.ThrowIfAny();
    }
}
