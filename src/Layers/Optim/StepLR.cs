namespace IlgpuNet.Layers.Optim;

/// <summary>torch.optim.lr_scheduler.StepLR: lr times gamma every stepSize steps.</summary>
public sealed class StepLR : LRScheduler
{
    public StepLR(Optimizer optimizer, int stepSize, double gamma = 0.1)
        : base(optimizer)
    {
        if (stepSize <= 0)
        {
            throw new ArgumentException($"StepLR: stepSize must be positive, got {stepSize}");
        }

        StepSize = stepSize;
        Gamma = gamma;
        InitialStep();
    }

    public int StepSize { get; }

    public double Gamma { get; }

    protected override double ChainedLr(int groupIndex, ParamGroup group, double baseLr)
        => LastEpoch == 0 || LastEpoch % StepSize != 0 ? group.Lr : group.Lr * Gamma;

    protected override double? ClosedFormLr(int groupIndex, ParamGroup group, double baseLr)
        => baseLr * Math.Pow(Gamma, LastEpoch / StepSize);
}
