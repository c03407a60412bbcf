namespace IlgpuNet.Layers.Optim;

/// <summary>
/// torch.optim.lr_scheduler.LinearLR: the lr factor moves linearly from startFactor to endFactor over totalIters
/// steps, then stays. With endFactor 1 this is the usual linear warmup.
/// </summary>
public sealed class LinearLR : LRScheduler
{
    public LinearLR(Optimizer optimizer, double startFactor = 1.0 / 3, double endFactor = 1.0, int totalIters = 5)
        : base(optimizer)
    {
        if (startFactor is > 1 or <= 0)
        {
            throw new ArgumentException($"LinearLR: startFactor must be in (0, 1], got {startFactor}");
        }

        if (endFactor is > 1 or < 0)
        {
            throw new ArgumentException($"LinearLR: endFactor must be in [0, 1], got {endFactor}");
        }

        StartFactor = startFactor;
        EndFactor = endFactor;
        TotalIters = totalIters;
        InitialStep();
    }

    public double StartFactor { get; }

    public double EndFactor { get; }

    public int TotalIters { get; }

    protected override double ChainedLr(int groupIndex, ParamGroup group, double baseLr)
    {
        if (LastEpoch == 0)
        {
            return group.Lr * StartFactor;
        }

        if (LastEpoch > TotalIters)
        {
            return group.Lr;
        }

        return group.Lr * (1 + (EndFactor - StartFactor) / (TotalIters * StartFactor + (LastEpoch - 1) * (EndFactor - StartFactor)));
    }

    protected override double? ClosedFormLr(int groupIndex, ParamGroup group, double baseLr)
        => baseLr * (StartFactor + (EndFactor - StartFactor) * Math.Min(TotalIters, LastEpoch) / TotalIters);
}
