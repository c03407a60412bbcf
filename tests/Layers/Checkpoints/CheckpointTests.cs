using IlgpuNet.Layers.Checkpoints;
using IlgpuNet.Layers.Optim;
using IlgpuNet.Tensors;
using IlgpuNet.Tensors.IO;

namespace IlgpuNet.Tests.Layers.Checkpoints;

public sealed class CheckpointTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("ilgpunet-checkpoint-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    private static (List<Tensor> Params, AdamW Optimizer, CosineAnnealingLR Scheduler) Run(int steps)
    {
        var w = Tensor.FromArray([0.5f, -1f, 2f, 0.25f], 2, 2);
        var b = Tensor.FromArray([0.1f, -0.2f]);
        w.RequiresGrad = b.RequiresGrad = true;
        var optimizer = new AdamW([new ParamGroup([w]), new ParamGroup([b], new Dictionary<string, double> { ["weight_decay"] = 0 })], lr: 0.1);
        var scheduler = new CosineAnnealingLR(optimizer, 10, 0.001);
        for (int i = 0; i < steps; i++)
        {
            Step(w, b, optimizer, scheduler, i);
        }

        return ([w, b], optimizer, scheduler);
    }

    private static void Step(Tensor w, Tensor b, Optimizer optimizer, LRScheduler scheduler, int i)
    {
        w.Grad = Tensor.FromArray([i * 0.1f, 1f, -0.5f, 0.3f], 2, 2);
        b.Grad = Tensor.FromArray([1f - i, 0.2f]);
        optimizer.Step();
        scheduler.Step();
    }

    [Fact]
    public void SaveThenLoad_ResumesTrainingExactly()
    {
        var (reference, referenceOptimizer, referenceScheduler) = Run(3);
        var path = Path.Combine(folder, "last.safetensors");
        var model = new OrderedDictionary<string, Tensor> { ["fc.weight"] = reference[0], ["fc.bias"] = reference[1] };
        Checkpoint.Save(path, new TrainingCheckpoint(model, referenceOptimizer.StateDict(), referenceScheduler.StateDict(), 3,
            new Dictionary<string, double> { ["val_acc"] = 0.625, ["loss"] = double.NaN }));

        var loaded = Checkpoint.Load(path);
        Assert.Equal(3, loaded.Epoch);
        Assert.Equal(0.625, loaded.Metrics["val_acc"]);
        Assert.True(double.IsNaN(loaded.Metrics["loss"]));
        Assert.Equal(["fc.weight", "fc.bias"], loaded.Model.Keys);

        var (resumed, resumedOptimizer, resumedScheduler) = Run(0);
        using (IlgpuNet.Autograd.GradMode.NoGrad())
        {
            resumed[0].CopyFrom(loaded.Model["fc.weight"]);
            resumed[1].CopyFrom(loaded.Model["fc.bias"]);
        }

        resumedOptimizer.LoadStateDict(loaded.Optimizer!);
        resumedScheduler.LoadStateDict(loaded.Scheduler!);
        Assert.Equal(referenceOptimizer.ParamGroups.Select(g => g.Lr), resumedOptimizer.ParamGroups.Select(g => g.Lr));
        for (int i = 3; i < 6; i++)
        {
            Step(reference[0], reference[1], referenceOptimizer, referenceScheduler, i);
            Step(resumed[0], resumed[1], resumedOptimizer, resumedScheduler, i);
        }

        Assert.Equal(reference[0].ToArray(), resumed[0].ToArray());
        Assert.Equal(reference[1].ToArray(), resumed[1].ToArray());
        Assert.Equal(referenceScheduler.GetLastLr(), resumedScheduler.GetLastLr());
    }

    [Fact]
    public void Load_PlainSafeTensorsFile_SaysItIsNotACheckpoint()
    {
        var path = Path.Combine(folder, "weights.safetensors");
        SafeTensors.Write(path, new Dictionary<string, Tensor> { ["w"] = Tensor.Zeros(2) });
        var error = Assert.Throws<InvalidFileException>(() => Checkpoint.Load(path));
        Assert.Contains(path, error.Message);
        Assert.Contains("not a training checkpoint", error.Message);
    }

    [Fact]
    public void Save_ModelOnly_LoadsWithoutOptimizerOrScheduler()
    {
        var path = Path.Combine(folder, "model.safetensors");
        Checkpoint.Save(path, new TrainingCheckpoint(new Dictionary<string, Tensor> { ["w"] = Tensor.Ones(3) }, null, null, 0, new Dictionary<string, double>()));
        var loaded = Checkpoint.Load(path);
        Assert.Null(loaded.Optimizer);
        Assert.Null(loaded.Scheduler);
        Assert.Equal([1f, 1f, 1f], loaded.Model["w"].ToArray());
    }

    [Fact]
    public void Save_ExtraText_RoundTripsBesideTheReservedMetadata()
    {
        var path = Path.Combine(folder, "extra.safetensors");
        var extra = new Dictionary<string, string> { ["options"] = "{\"variant\":\"Fast\"}", ["epoch"] = "not the epoch" };
        Checkpoint.Save(path, new TrainingCheckpoint(new Dictionary<string, Tensor> { ["w"] = Tensor.Ones(1) }, null, null, 7, new Dictionary<string, double>(), extra));
        var loaded = Checkpoint.Load(path);
        Assert.Equal(7, loaded.Epoch);
        Assert.Equal(extra, loaded.Extra);
    }
}
