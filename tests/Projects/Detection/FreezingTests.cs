using IlgpuNet.Layers;
using IlgpuNet.Layers.Models;
using IlgpuNet.Layers.Optim;
using IlgpuNet.Tensors;
using IlgpuNet.Training;

namespace IlgpuNet.Tests.Projects.Detection;

/// <summary>Freezing by parameter name: a frozen parameter gets no gradient and is bit-identical after a training step, and so are frozen batch-norm statistics.</summary>
[Collection(ConsoleCollection.Name)]
public class FreezingTests
{
    [Fact]
    public void FrozenBackbone_GetsNoGradient_AndIsBitIdenticalAfterAStep_WhileNeckAndHeadLearn()
    {
        Tensor.ManualSeed(5);
        var model = new YoloDetector(numClasses: 2, neckChannels: 16);
        var trainable = PretrainedWeights.FreezeByPrefix(model, "backbone.");
        var before = Snapshot(model);

        var optimizer = new Adam(trainable, lr: 1e-2);
        model.Train();
        PretrainedWeights.KeepFrozenInEvalMode(model);
        var targets = Tensor.FromArray([0f, 4, 6, 20, 26, 1f, 30, 8, 44, 30], 2, 1, 5);
        optimizer.ZeroGrad();
        new YoloLoss(2).Call(model.Call(Tensor.Randn([2, 3, 48, 48])), targets).Backward();
        optimizer.Step();

        var after = Snapshot(model);
        Assert.Equal(model.NamedParameters().Count(p => !p.Name.StartsWith("backbone.", StringComparison.Ordinal)), trainable.Count);
        foreach (var (name, parameter) in model.NamedParameters())
        {
            bool frozen = name.StartsWith("backbone.", StringComparison.Ordinal);
            Assert.Equal(!frozen, parameter.RequiresGrad);
            if (frozen)
            {
                Assert.Null(parameter.Grad);
                Assert.Equal(before[name], after[name]); // bit for bit
            }
        }

        Assert.NotEqual(before["head.3.weight"], after["head.3.weight"]);
        Assert.NotEqual(before["neck.smooth.0.weight"], after["neck.smooth.0.weight"]);
        // batch-norm statistics: the frozen backbone's stay, the trained neck's move
        Assert.Equal(before["backbone.layer2.0.bn1.running_mean"], after["backbone.layer2.0.bn1.running_mean"]);
        Assert.Equal(before["backbone.bn1.running_var"], after["backbone.bn1.running_var"]);
        Assert.NotEqual(before["neck.smooth.1.running_mean"], after["neck.smooth.1.running_mean"]);
        Assert.Equal(model.ParameterCount() - model.Backbone.ParameterCount(), model.ParameterCount(trainableOnly: true));
    }

    [Fact]
    public void FreezeByPrefix_RefusesAPrefixThatNamesNoParameter()
    {
        var model = new YoloDetector(numClasses: 2, neckChannels: 8);
        var error = Assert.Throws<ArgumentException>(() => PretrainedWeights.FreezeByPrefix(model, "backbone.", "nek."));
        Assert.Contains("'nek.'", error.Message);
        Assert.Contains("neck.", error.Message);
    }

    private static Dictionary<string, float[]> Snapshot(Module model) => model.StateDict().ToDictionary(p => p.Key, p => p.Value.Float().ToArray<float>());
}
