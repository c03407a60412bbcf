namespace IlgpuNet.Layers.Optim;

/// <summary>
/// torch.optim.lr_scheduler.OneCycleLR (two phases, cosine or linear annealing): lr rises from maxLr / divFactor
/// to maxLr over the first pctStart of totalSteps, then falls to initial / finalDivFactor; momentum (or Adam's
/// beta1) cycles the other way between maxMomentum and baseMomentum. Step() once per batch.
/// </summary>
public sealed class OneCycleLR : LRScheduler
{
    private readonly (double EndStep, string StartLr, string EndLr, string StartMomentum, string EndMomentum)[] phases;
    private readonly string? momentumOption;

    public OneCycleLR(
        Optimizer optimizer,
        double maxLr,
        int totalSteps,
        double pctStart = 0.3,
        bool cosineAnnealing = true,
        bool cycleMomentum = true,
        double baseMomentum = 0.85,
        double maxMomentum = 0.95,
        double divFactor = 25,
        double finalDivFactor = 1e4)
        : base(Prepare(optimizer, maxLr, totalSteps, pctStart, divFactor, finalDivFactor))
    {
        TotalSteps = totalSteps;
        CosineAnnealing = cosineAnnealing;
        phases =
        [
            (pctStart * totalSteps - 1, "initial_lr", "max_lr", "max_momentum", "base_momentum"),
            (totalSteps - 1, "max_lr", "min_lr", "base_momentum", "max_momentum"),
        ];
        if (cycleMomentum)
        {
            momentumOption = optimizer.Defaults.ContainsKey("beta1") ? "beta1"
                : optimizer.Defaults.ContainsKey("momentum") ? "momentum"
                : throw new ArgumentException("OneCycleLR: optimizer must support momentum (momentum or beta1) with cycleMomentum enabled");
            foreach (var group in optimizer.ParamGroups)
            {
                group[momentumOption] = maxMomentum;
                group["max_momentum"] = maxMomentum;
                group["base_momentum"] = baseMomentum;
            }
        }

        InitialStep();
    }

    public int TotalSteps { get; }

    /// <summary>Cosine (PyTorch's default 'cos') or linear ('linear') annealing within a phase.</summary>
    public bool CosineAnnealing { get; }

    protected override double ChainedLr(int groupIndex, ParamGroup group, double baseLr)
    {
        int stepNum = LastEpoch;
        if (stepNum > TotalSteps)
        {
            throw new InvalidOperationException($"OneCycleLR: tried to step {stepNum} times, the schedule has {TotalSteps} steps");
        }

        double startStep = 0;
        for (int i = 0; i < phases.Length; i++)
        {
            var phase = phases[i];
            if (stepNum <= phase.EndStep || i == phases.Length - 1)
            {
                double pct = (stepNum - startStep) / (phase.EndStep - startStep);
                if (momentumOption != null)
                {
                    group[momentumOption] = Anneal(group[phase.StartMomentum], group[phase.EndMomentum], pct);
                }

                return Anneal(group[phase.StartLr], group[phase.EndLr], pct);
            }

            startStep = phase.EndStep;
        }

        throw new InvalidOperationException("OneCycleLR: unreachable phase");
    }

    private static Optimizer Prepare(Optimizer optimizer, double maxLr, int totalSteps, double pctStart, double divFactor, double finalDivFactor)
    {
        if (totalSteps <= 0)
        {
            throw new ArgumentException($"OneCycleLR: expected a positive totalSteps, got {totalSteps}");
        }

        if (pctStart is < 0 or > 1)
        {
            throw new ArgumentException($"OneCycleLR: expected pctStart between 0 and 1, got {pctStart}");
        }

        // the base constructor reads initial_lr, so the cycle's lrs go in first
        foreach (var group in optimizer.ParamGroups)
        {
            group["initial_lr"] = maxLr / divFactor;
            group["max_lr"] = maxLr;
            group["min_lr"] = group["initial_lr"] / finalDivFactor;
        }

        return optimizer;
    }

    private double Anneal(double start, double end, double pct)
        => CosineAnnealing ? end + (start - end) / 2.0 * (Math.Cos(Math.PI * pct) + 1) : (end - start) * pct + start;
}
