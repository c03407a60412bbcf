using System.Text.Json.Nodes;

namespace IlgpuNet.Layers.Optim;

/// <summary>
/// torch.optim.lr_scheduler.SequentialLR: runs schedulers one after another, switching at the milestones
/// (e.g. LinearLR warmup for 5 epochs, then CosineAnnealingLR). Each scheduler at its milestone restarts from
/// epoch 0 with its closed form, as PyTorch.
/// </summary>
public sealed class SequentialLR : LRScheduler
{
    private readonly LRScheduler[] schedulers;
    private readonly int[] milestones;
    private IReadOnlyList<double> lastLr;

    public SequentialLR(Optimizer optimizer, IReadOnlyList<LRScheduler> schedulers, IReadOnlyList<int> milestones)
        : base(optimizer)
    {
        if (schedulers.Count == 0 || schedulers.Any(s => s.Optimizer != optimizer))
        {
            throw new ArgumentException("SequentialLR: needs at least one scheduler, all on the optimizer passed in");
        }

        if (milestones.Count != schedulers.Count - 1)
        {
            throw new ArgumentException($"SequentialLR: expects one milestone fewer than schedulers, got {schedulers.Count} schedulers and {milestones.Count} milestones");
        }

        this.schedulers = [.. schedulers];
        this.milestones = [.. milestones];
        LastEpoch = 0;

        // back to the initial lrs, undo the construction step of every scheduler, then start the first one
        foreach (var group in optimizer.ParamGroups)
        {
            group.Lr = group["initial_lr"];
        }

        foreach (var scheduler in this.schedulers)
        {
            scheduler.LastEpoch--;
        }

        this.schedulers[0].InitialStep();
        lastLr = this.schedulers[0].GetLastLr();
    }

    public IReadOnlyList<LRScheduler> Schedulers => schedulers;

    public override IReadOnlyList<double> GetLastLr() => lastLr;

    public override void Step()
    {
        LastEpoch++;
        int index = milestones.Count(m => m <= LastEpoch);
        var scheduler = schedulers[index];
        if (index > 0 && milestones[index - 1] == LastEpoch)
        {
            scheduler.StepTo(0);
        }
        else
        {
            scheduler.Step();
        }

        lastLr = scheduler.GetLastLr();
    }

    public override JsonObject StateDict() => new()
    {
        ["last_epoch"] = LastEpoch,
        ["last_lr"] = new JsonArray(lastLr.Select(v => (JsonNode?)v).ToArray()),
        ["schedulers"] = new JsonArray(schedulers.Select(s => (JsonNode?)s.StateDict()).ToArray()),
    };

    public override void LoadStateDict(JsonObject stateDict)
    {
        var states = stateDict["schedulers"]?.AsArray()
            ?? throw new ArgumentException("SequentialLR: scheduler state has no 'schedulers' entry");
        if (states.Count != schedulers.Length)
        {
            throw new ArgumentException($"SequentialLR: state holds {states.Count} schedulers, this one has {schedulers.Length}");
        }

        for (int i = 0; i < schedulers.Length; i++)
        {
            schedulers[i].LoadStateDict(states[i]!.AsObject());
        }

        LastEpoch = stateDict["last_epoch"]!.GetValue<int>();
        lastLr = stateDict["last_lr"]!.AsArray().Select(v => v!.GetValue<double>()).ToArray();
    }

    protected override double ChainedLr(int groupIndex, ParamGroup group, double baseLr)
        => throw new InvalidOperationException("SequentialLR delegates every step to its schedulers");
}
