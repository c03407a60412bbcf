using System.Text.Json.Nodes;
using IlgpuNet.Layers.Optim;
using IlgpuNet.Tensors;
using IlgpuNet.Tests.Layers.Checkpoints;

namespace IlgpuNet.Tests.Layers.Optim;

/// <summary>Learning rates (and cycled momentum) over 20 steps against PyTorch 1.13's schedulers.</summary>
public class SchedulerParityTests
{
    private static readonly JsonArray Fixture = JsonNode.Parse(File.ReadAllText(FixturePath.Of("optim", "schedulers.json")))!.AsArray();

    public static TheoryData<string> Cases()
    {
        var data = new TheoryData<string>();
        foreach (var c in Fixture)
        {
            data.Add(c!["name"]!.GetValue<string>());
        }

        return data;
    }

    /// <summary>SGD(lr 0.1, momentum 0.9) with a second group at lr 0.5, as the fixture script.</summary>
    internal static Sgd TwoGroupSgd() => new(
        [new ParamGroup([Param()]), new ParamGroup([Param()], new Dictionary<string, double> { ["lr"] = 0.5 })],
        lr: 0.1, momentum: 0.9);

    private static Tensor Param()
    {
        var p = Tensor.Zeros(1);
        p.RequiresGrad = true;
        return p;
    }

    private static (Optimizer, LRScheduler, string?) Create(string name)
    {
        switch (name)
        {
            case "step": { var o = TwoGroupSgd(); return (o, new StepLR(o, 5, 0.5), null); }
            case "multistep": { var o = TwoGroupSgd(); return (o, new MultiStepLR(o, [3, 7, 7, 12], 0.3), null); }
            case "cosine": { var o = TwoGroupSgd(); return (o, new CosineAnnealingLR(o, 8, 0.01), null); }
            case "linear": { var o = TwoGroupSgd(); return (o, new LinearLR(o, 0.25, 1.0, 4), null); }
            case "onecycle_sgd": { var o = TwoGroupSgd(); return (o, new OneCycleLR(o, maxLr: 1.0, totalSteps: 20), "momentum"); }
            case "onecycle_adam":
                {
                    var o = new Adam([Param()], lr: 0.1);
                    return (o, new OneCycleLR(o, maxLr: 0.3, totalSteps: 21, pctStart: 0.25, divFactor: 10, finalDivFactor: 100), "beta1");
                }

            case "onecycle_linear_no_momentum_cycle":
                {
                    var o = TwoGroupSgd();
                    return (o, new OneCycleLR(o, maxLr: 0.8, totalSteps: 15, pctStart: 0.4, cosineAnnealing: false, cycleMomentum: false), null);
                }

            case "sequential_warmup_cosine":
                {
                    var o = new Sgd([Param()], lr: 0.1, momentum: 0.9);
                    return (o, new SequentialLR(o, [new LinearLR(o, 0.1, totalIters: 3), new CosineAnnealingLR(o, 10)], [3]), null);
                }

            case "sequential_three":
                {
                    var o = TwoGroupSgd();
                    return (o, new SequentialLR(o, [new LinearLR(o, 0.5, totalIters: 2), new StepLR(o, 3, 0.5), new MultiStepLR(o, [2, 4], 0.1)], [4, 12]), null);
                }

            default: throw new ArgumentException(name);
        }
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void TwentySteps_MatchPyTorch(string name)
    {
        var expected = Fixture.Single(c => c!["name"]!.GetValue<string>() == name)!;
        var (optimizer, scheduler, momentumOption) = Create(name);
        var lrs = expected["lrs"]!.AsArray();
        for (int step = 0; step < lrs.Count; step++)
        {
            if (step > 0)
            {
                optimizer.Step();
                scheduler.Step();
            }

            OptimizerParityTests.AssertClose(OptimizerParityTests.Doubles(lrs[step]!), [.. scheduler.GetLastLr()], 1e-6, $"{name} lr after {step} steps");
            OptimizerParityTests.AssertClose(OptimizerParityTests.Doubles(lrs[step]!), optimizer.ParamGroups.Select(g => g.Lr).ToArray(), 1e-6, $"{name} group lr after {step} steps");
            if (momentumOption != null)
            {
                OptimizerParityTests.AssertClose(OptimizerParityTests.Doubles(expected["momentums"]![step]!),
                    optimizer.ParamGroups.Select(g => g[momentumOption]).ToArray(), 1e-6, $"{name} {momentumOption} after {step} steps");
            }
        }
    }

    [Fact]
    public void OneCycleLR_SteppedPastTotalSteps_Throws()
    {
        var o = TwoGroupSgd();
        var s = new OneCycleLR(o, 1.0, totalSteps: 2);
        s.Step();
        s.Step();
        Assert.Throws<InvalidOperationException>(s.Step);
    }

    [Fact]
    public void SchedulerStateDict_ResumesTheSameSchedule()
    {
        var reference = TwoGroupSgd();
        var referenceScheduler = new SequentialLR(reference, [new LinearLR(reference, 0.5, totalIters: 2), new CosineAnnealingLR(reference, 6)], [3]);
        var resumed = TwoGroupSgd();
        var resumedScheduler = new SequentialLR(resumed, [new LinearLR(resumed, 0.5, totalIters: 2), new CosineAnnealingLR(resumed, 6)], [3]);
        for (int i = 0; i < 5; i++)
        {
            referenceScheduler.Step();
        }

        resumed.LoadStateDict(reference.StateDict());
        resumedScheduler.LoadStateDict(JsonNode.Parse(referenceScheduler.StateDict().ToJsonString())!.AsObject());
        for (int i = 0; i < 6; i++)
        {
            referenceScheduler.Step();
            resumedScheduler.Step();
            Assert.Equal(referenceScheduler.GetLastLr(), resumedScheduler.GetLastLr());
        }
    }
}
