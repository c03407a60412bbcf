using System.Text.Json.Nodes;

namespace IlgpuNet.Layers.Optim;

/// <summary>
/// torch.optim.lr_scheduler's base: Step() advances LastEpoch and writes each group's "lr" from the schedule's
/// chainable (recursive) rule, as PyTorch does; ClosedFormLr is PyTorch's _get_closed_form_lr, used when a
/// schedule is jumped to an epoch (SequentialLR at a milestone). Call Step() per epoch or per batch, as the
/// schedule's length was counted. Subclass constructors finish with <see cref="InitialStep"/>.
/// </summary>
public abstract class LRScheduler
{
    private double[] lastLr = [];

    protected LRScheduler(Optimizer optimizer)
    {
        Optimizer = optimizer;
        foreach (var group in optimizer.ParamGroups)
        {
            group.Options.TryAdd("initial_lr", group.Lr);
        }

        BaseLrs = optimizer.ParamGroups.Select(g => g["initial_lr"]).ToArray();
        LastEpoch = -1;
    }

    public Optimizer Optimizer { get; }

    /// <summary>Steps taken so far (0 right after construction), PyTorch's last_epoch.</summary>
    public int LastEpoch { get; protected internal set; }

    /// <summary>Each group's lr at the start of the schedule (its "initial_lr").</summary>
    public IReadOnlyList<double> BaseLrs { get; private set; }

    /// <summary>Calls of Step() since the schedule (re)started, PyTorch's _step_count.</summary>
    protected int StepCount { get; private set; }

    /// <summary>The lr of each group that the last Step() set.</summary>
    public virtual IReadOnlyList<double> GetLastLr() => lastLr;

    public virtual void Step() => Advance(jumpTo: null);

    /// <summary>PyTorch's step(epoch): sets LastEpoch and uses the closed form where the schedule has one.</summary>
    internal void StepTo(int epoch) => Advance(jumpTo: epoch);

    /// <summary>PyTorch's _initial_step: the step every scheduler takes on construction (to epoch 0).</summary>
    protected internal void InitialStep()
    {
        StepCount = 0;
        Step();
    }

    /// <summary>The next lr of one group from its current lr (the recursive rule).</summary>
    protected abstract double ChainedLr(int groupIndex, ParamGroup group, double baseLr);

    /// <summary>The lr at <see cref="LastEpoch"/> from the base lr alone; null where the schedule has no closed form.</summary>
    protected virtual double? ClosedFormLr(int groupIndex, ParamGroup group, double baseLr) => null;

    /// <summary>Dynamic state (epoch, counters, base and last lrs); hyperparameters come from the constructor.</summary>
    public virtual JsonObject StateDict() => new()
    {
        ["last_epoch"] = LastEpoch,
        ["step_count"] = StepCount,
        ["base_lrs"] = new JsonArray(BaseLrs.Select(v => (JsonNode?)v).ToArray()),
        ["last_lr"] = new JsonArray(lastLr.Select(v => (JsonNode?)v).ToArray()),
    };

    public virtual void LoadStateDict(JsonObject stateDict)
    {
        try
        {
            var baseLrs = stateDict["base_lrs"]!.AsArray().Select(v => v!.GetValue<double>()).ToArray();
            var last = stateDict["last_lr"]!.AsArray().Select(v => v!.GetValue<double>()).ToArray();
            if (baseLrs.Length != Optimizer.ParamGroups.Count)
            {
                throw new ArgumentException($"scheduler state has {baseLrs.Length} base lrs, the optimizer has {Optimizer.ParamGroups.Count} groups");
            }

            int lastEpoch = stateDict["last_epoch"]!.GetValue<int>();
            int stepCount = stateDict["step_count"]!.GetValue<int>();
            (BaseLrs, lastLr, LastEpoch, StepCount) = (baseLrs, last, lastEpoch, stepCount);
        }
        catch (Exception e) when (e is NullReferenceException or InvalidOperationException or FormatException)
        {
            throw new ArgumentException($"{GetType().Name}: scheduler state is missing or has a malformed entry ({e.Message})", e);
        }
    }

    private void Advance(int? jumpTo)
    {
        StepCount++;
        LastEpoch = jumpTo ?? LastEpoch + 1;
        var groups = Optimizer.ParamGroups;
        var values = new double[groups.Count];
        for (int i = 0; i < groups.Count; i++)
        {
            values[i] = (jumpTo != null ? ClosedFormLr(i, groups[i], BaseLrs[i]) : null) ?? ChainedLr(i, groups[i], BaseLrs[i]);
        }

        // all groups are computed from the old lrs before any is written, as PyTorch's list comprehension
        for (int i = 0; i < groups.Count; i++)
        {
            groups[i].Lr = values[i];
        }

        lastLr = values;
    }
}
