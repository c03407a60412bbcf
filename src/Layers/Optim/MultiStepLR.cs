namespace IlgpuNet.Layers.Optim;

/// <summary>torch.optim.lr_scheduler.MultiStepLR: lr times gamma at each milestone (a repeated milestone counts twice).</summary>
public sealed class MultiStepLR : LRScheduler
{
    private readonly int[] milestones;

    public MultiStepLR(Optimizer optimizer, IEnumerable<int> milestones, double gamma = 0.1)
        : base(optimizer)
    {
        this.milestones = milestones.Order().ToArray();
        Gamma = gamma;
        InitialStep();
    }

    public IReadOnlyList<int> Milestones => milestones;

    public double Gamma { get; }

    protected override double ChainedLr(int groupIndex, ParamGroup group, double baseLr)
    {
        int hits = milestones.Count(m => m == LastEpoch);
        return hits == 0 ? group.Lr : group.Lr * Math.Pow(Gamma, hits);
    }

    protected override double? ClosedFormLr(int groupIndex, ParamGroup group, double baseLr)
        => baseLr * Math.Pow(Gamma, milestones.Count(m => m <= LastEpoch));
}
