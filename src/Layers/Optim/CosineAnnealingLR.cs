namespace IlgpuNet.Layers.Optim;

/// <summary>
/// torch.optim.lr_scheduler.CosineAnnealingLR: lr = etaMin + (base - etaMin)(1 + cos(pi t / tMax)) / 2, computed
/// with PyTorch's recursive rule (so it composes with other changes to lr) and its closed form for jumps.
/// </summary>
public sealed class CosineAnnealingLR : LRScheduler
{
    public CosineAnnealingLR(Optimizer optimizer, int tMax, double etaMin = 0)
        : base(optimizer)
    {
        if (tMax <= 0)
        {
            throw new ArgumentException($"CosineAnnealingLR: tMax must be positive, got {tMax}");
        }

        TMax = tMax;
        EtaMin = etaMin;
        InitialStep();
    }

    public int TMax { get; }

    public double EtaMin { get; }

    protected override double ChainedLr(int groupIndex, ParamGroup group, double baseLr)
    {
        if (LastEpoch == 0)
        {
            return group.Lr;
        }

        if (StepCount == 1 && LastEpoch > 0)
        {
            return ClosedForm(baseLr);
        }

        if ((LastEpoch - 1 - TMax) % (2 * TMax) == 0)
        {
            // the step just past a minimum, where the ratio below would divide by zero
            return group.Lr + (baseLr - EtaMin) * (1 - Math.Cos(Math.PI / TMax)) / 2;
        }

        return (1 + Math.Cos(Math.PI * LastEpoch / TMax)) / (1 + Math.Cos(Math.PI * (LastEpoch - 1) / TMax))
            * (group.Lr - EtaMin) + EtaMin;
    }

    protected override double? ClosedFormLr(int groupIndex, ParamGroup group, double baseLr) => ClosedForm(baseLr);

    private double ClosedForm(double baseLr) => EtaMin + (baseLr - EtaMin) * (1 + Math.Cos(Math.PI * LastEpoch / TMax)) / 2;
}
