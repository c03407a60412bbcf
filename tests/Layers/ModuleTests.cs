using IlgpuNet.Autograd;
using IlgpuNet.Kernels;
using IlgpuNet.Layers;
using IlgpuNet.Layers.Models;
using IlgpuNet.Tensors;
using static IlgpuNet.Tests.Layers.Assertions;

namespace IlgpuNet.Tests.Layers;

/// <summary>Module semantics: names, state dicts, freezing, modes, hooks, init, summary.</summary>
public class ModuleTests
{
    private static Sequential SmallNet() => new(
        new Conv2d(3, 4, 3, padding: 1, bias: false), new BatchNorm2d(4), new ReLU(), new MaxPool2d(2),
        new Flatten(), new Dropout(0.5), new Linear(4 * 2 * 2, 3));

    [Fact]
    public void Sequential_ReluThenLinear_RunsFusedWithTheSameValuesAndGradients()
    {
        var net = new Sequential(new Linear(6, 8), new ReLU(), new Linear(8, 3));
        var x = Tensor.Randn([5, 6]);
        var fused = net.Call(x);
        fused.Sum().Backward();
        var fusedGrads = net.Parameters().Select(p => p.Grad!.ToArray()).ToList();

        net.ZeroGrad();
        var first = (Linear)net[0];
        var last = (Linear)net[2];
        var separate = Functional.Linear(Functional.Linear(x, first.Weight, first.Bias).Relu(), last.Weight, last.Bias);
        separate.Sum().Backward();
        Close(separate, fused, 1e-6);
        foreach (var (expected, actual) in net.Parameters().Select(p => p.Grad!.ToArray()).Zip(fusedGrads))
        {
            Close(Tensor.FromArray(expected), Tensor.FromArray(actual), 1e-5);
        }
    }

    [Fact]
    public void Sequential_ReluThenMaxPool_PoolsFirstWithTheSameValuesAndGradients()
    {
        // overlapping 3x3/1 windows and 2x2/2 ones; whole windows of negatives and ties at zero among them
        foreach (var pool in new[] { new MaxPool2d(3, stride: 1, padding: 1), new MaxPool2d(2) })
        {
            var net = new Sequential(new ReLU(), pool);
            var x = Tensor.Randn([2, 3, 8, 8]);
            x.Narrow(2, 0, 4).Narrow(3, 0, 4).FillInPlace(-1);
            x.Narrow(2, 4, 2).Narrow(3, 4, 2).FillInPlace(0);
            x.RequiresGrad = true;
            var upstream = Tensor.Randn(net.Call(x.Detach()).Shape);
            var reordered = net.Call(x);
            reordered.Backward(upstream);
            var reorderedGrad = x.Grad!.Clone();
            x.Grad = null;
            var separate = Functional.MaxPool2d(x.Relu(), pool.KernelSize, pool.Stride, pool.Padding);
            separate.Backward(upstream);
            Close(separate, reordered, 0);
            Close(x.Grad!, reorderedGrad, 0);
        }
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Sequential_BatchNormThenRelu_RunsFusedWithTheSameValuesGradientsAndRunningStatistics(bool training)
    {
        // the same net twice (the second a copy of the first: other tests draw from the global generator meanwhile);
        // a hook on the second's ReLU keeps it apart from its batch norm
        Sequential Net()
        {
            var net = new Sequential(new Conv2d(2, 4, 3, padding: 1), new BatchNorm2d(4), new ReLU());
            using (GradMode.NoGrad())
            {
                ((BatchNorm2d)net[1]).Weight!.CopyFrom(Tensor.Randn([4]));
                ((BatchNorm2d)net[1]).Bias!.CopyFrom(Tensor.Randn([4]));
                ((BatchNorm2d)net[1]).RunningVar!.CopyFrom(Tensor.Rand([4]).Add(0.5));
            }

            if (!training)
            {
                net.Eval();
            }

            return net;
        }

        var fusedNet = Net();
        var separateNet = Net();
        using (GradMode.NoGrad())
        {
            foreach (var (from, to) in fusedNet.Parameters().Concat(fusedNet.Buffers()).Zip(separateNet.Parameters().Concat(separateNet.Buffers())))
            {
                to.CopyFrom(from);
            }
        }

        separateNet[2].RegisterForwardHook((_, _, _) => { });
        var x = Tensor.Randn([3, 2, 6, 5]);
        var upstream = Tensor.Randn([3, 4, 6, 5]);
        var fused = fusedNet.Call(x);
        var separate = separateNet.Call(x);
        Assert.Equal("NativeBatchNormReluBackward", fused.GradFn!.Name);
        Assert.Equal("ReluBackward", separate.GradFn!.Name);
        fused.Backward(upstream);
        separate.Backward(upstream);
        Close(separate, fused, 0);
        foreach (var (expected, actual) in separateNet.Parameters().Zip(fusedNet.Parameters()))
        {
            Close(expected.Grad!, actual.Grad!, 0);
        }

        foreach (var (expected, actual) in separateNet.Buffers().Zip(fusedNet.Buffers()))
        {
            Close(expected, actual, 0);
        }
    }

    [Fact]
    public void Sequential_ReluWithAForwardHook_IsNotFusedAndTheHookSeesItsOutput()
    {
        var net = new Sequential(new Linear(6, 8), new ReLU(), new Linear(8, 3));
        Tensor? seen = null;
        net[1].RegisterForwardHook((_, _, output) => { seen = output; });
        var x = Tensor.Randn([5, 6]);
        net.Call(x);
        Assert.NotNull(seen);
        var first = (Linear)net[0];
        Close(Functional.Linear(x, first.Weight, first.Bias).Relu(), seen, 1e-6);
    }

    [Fact]
    public void NamedParametersAndBuffers_UseDottedPyTorchNamesInDeclarationOrder()
    {
        var net = SmallNet();
        Assert.Equal(["0.weight", "1.weight", "1.bias", "6.weight", "6.bias"], net.NamedParameters().Select(p => p.Name));
        Assert.Equal(["1.running_mean", "1.running_var", "1.num_batches_tracked"], net.NamedBuffers().Select(b => b.Name));
        Assert.Equal(["0.weight", "1.weight", "1.bias", "1.running_mean", "1.running_var", "1.num_batches_tracked", "6.weight", "6.bias"],
            net.StateDict().Keys);
        Assert.Equal(["", "0", "1", "2", "3", "4", "5", "6"], net.NamedModules().Select(m => m.Name));
    }

    [Fact]
    public void ResNet18_StateDictKeysAndShapes_EqualTorchvision()
    {
        Tensor.ManualSeed(0);
        CheckAgainstTorchvision("resnet18", ResNet.ResNet18());
        CheckAgainstTorchvision("alexnet", new AlexNet());
    }

    [Fact]
    public void ResNet50AndVgg11Bn_StateDictKeysAndShapes_EqualTorchvision()
    {
        CheckAgainstTorchvision("resnet50", ResNet.ResNet50());
        CheckAgainstTorchvision("vgg11_bn", VGG.VGG11(batchNorm: true));
    }

    private static void CheckAgainstTorchvision(string name, Module model)
    {
        using var doc = System.Text.Json.JsonDocument.Parse(File.ReadAllText(Path.Combine(Fixture.Directory, "torchvision_state_dicts.json")));
        var entry = doc.RootElement.GetProperty(name);
        var expected = entry.GetProperty("keys").EnumerateArray()
            .Select(k => (k[0].GetString()!, string.Join(",", k[1].EnumerateArray().Select(d => d.GetInt32())))).ToList();
        var actual = model.StateDict().Select(kv => (kv.Key, string.Join(",", kv.Value.Shape))).ToList();
        Assert.Equal(expected, actual);
        Assert.Equal(entry.GetProperty("parameters").GetInt64(), model.ParameterCount());
    }

    [Fact]
    public void StateDict_RoundTrip_ReproducesOutputs()
    {
        Tensor.ManualSeed(1);
        var a = SmallNet();
        var b = SmallNet();
        var x = Tensor.Randn(2, 3, 4, 4);
        a.Call(x); // moves a's running statistics
        a.Eval();
        b.Eval();
        Assert.NotEqual(a.Call(x).ToArray(), b.Call(x).ToArray());
        var result = b.LoadStateDict(a.StateDict());
        Assert.True(result.IsClean);
        Assert.Equal(a.Call(x).ToArray(), b.Call(x).ToArray());
        Assert.Equal(1, b.GetSubmodule("1").GetBuffer("num_batches_tracked")!.Item());
    }

    [Fact]
    public void LoadStateDict_Strict_ThrowsListingProblemsAndLeavesModelUnchanged()
    {
        var net = SmallNet();
        var before = net.StateDict().ToDictionary(kv => kv.Key, kv => kv.Value.Clone());
        var dict = SmallNet().StateDict().ToDictionary(kv => kv.Key, kv => kv.Value);
        dict.Remove("6.bias");
        dict["extra.weight"] = Tensor.Zeros(1);
        dict["0.weight"] = Tensor.Zeros(4, 3, 5, 5);
        var error = Assert.Throws<StateDictException>(() => net.LoadStateDict(dict));
        Assert.Contains("Missing key(s) in state_dict: \"6.bias\"", error.Message);
        Assert.Contains("Unexpected key(s) in state_dict: \"extra.weight\"", error.Message);
        Assert.Contains("size mismatch for 0.weight", error.Message);
        foreach (var (key, value) in net.StateDict())
        {
            Assert.Equal(before[key].ToDoubleArray(), value.ToDoubleArray());
        }
    }

    [Fact]
    public void LoadStateDict_NonStrict_LoadsMatchingKeysAndReportsTheRest()
    {
        var net = SmallNet();
        var source = SmallNet();
        var dict = source.StateDict().ToDictionary(kv => kv.Key, kv => kv.Value);
        dict.Remove("6.bias");
        dict["0.weight"] = Tensor.Zeros(1, 1);
        dict["head.weight"] = Tensor.Zeros(1);
        var result = net.LoadStateDict(dict, strict: false);
        Assert.Equal(["6.bias"], result.MissingKeys);
        Assert.Equal(["head.weight"], result.UnexpectedKeys);
        Assert.Equal("0.weight", Assert.Single(result.ShapeMismatches).Key);
        Assert.Equal(source.StateDict()["6.weight"].ToArray(), net.StateDict()["6.weight"].ToArray());
    }

    [Fact]
    public void Freezing_ExcludesParametersFromGradientsAndTrainableCount()
    {
        var net = SmallNet();
        net.GetSubmodule("0").RequiresGrad(false);
        Assert.Equal(net.ParameterCount() - 4 * 3 * 3 * 3, net.ParameterCount(trainableOnly: true));
        Functional.CrossEntropy(net.Call(Tensor.Randn(2, 3, 4, 4)), Tensor.FromArray(new long[] { 0, 2 }, 2)).Backward();
        Assert.Null(((Conv2d)net[0]).Weight.Grad);
        Assert.NotNull(((Linear)net[6]).Weight.Grad);
        net.ZeroGrad();
        Assert.Null(((Linear)net[6]).Weight.Grad);
    }

    [Fact]
    public void TrainEval_SwitchesDropoutAndBatchNorm()
    {
        var net = SmallNet();
        var x = Tensor.Randn(4, 3, 4, 4);
        net.Eval();
        Assert.All(net.Modules(), m => Assert.False(m.IsTraining));
        Assert.Equal(net.Call(x).ToArray(), net.Call(x).ToArray());
        var bn = (BatchNorm2d)net[1];
        Assert.Equal(0, bn.NumBatchesTracked!.Item());
        net.Train();
        Assert.NotEqual(net.Call(x).ToArray(), net.Call(x).ToArray()); // fresh dropout masks
        Assert.Equal(2, bn.NumBatchesTracked!.Item());
        var dropout = new Dropout(0.5);
        var ones = Tensor.Ones(1000);
        var kept = dropout.Call(ones).ToArray();
        Assert.All(kept, v => Assert.True(v == 0 || v == 2));
        Assert.InRange(kept.Count(v => v == 0), 400, 600);
        Assert.Equal(ones.ToArray(), dropout.Eval().Call(ones).ToArray());
    }

    [Fact]
    public void BatchNorm2d_TrainingStep_UpdatesRunningStatsWithUnbiasedVariance()
    {
        var bn = new BatchNorm2d(2, momentum: 0.5);
        var x = Tensor.FromArray(new float[] { 1, 3, 5, 7, 0, 0, 2, 2 }, 2, 2, 1, 2);
        bn.Call(x);
        // channel 0: values 1, 3, 0, 0 -> mean 1, unbiased var 2; channel 1: 5, 7, 2, 2 -> mean 4, var 6
        Assert.Equal(new float[] { 0.5f, 2f }, bn.RunningMean!.ToArray());
        Assert.Equal(new float[] { 1.5f, 3.5f }, bn.RunningVar!.ToArray());
        var cumulative = new BatchNorm2d(2, momentum: null);
        cumulative.Call(x);
        cumulative.Call(x);
        Assert.Equal(new float[] { 1f, 4f }, cumulative.RunningMean!.ToArray());
    }

    [Fact]
    public void ForwardAndBackwardHooks_CaptureActivationsAndGradients()
    {
        var net = SmallNet();
        Tensor? activation = null, gradOutput = null, gradInput = null, tensorGrad = null;
        var conv = net.GetSubmodule("0");
        using var forward = conv.RegisterForwardHook((Module _, Tensor _, Tensor output) =>
        {
            activation = output;
            output.RegisterHook(g =>
            {
                tensorGrad = g;
                return null;
            });
        });
        using var backward = net.GetSubmodule("2").RegisterFullBackwardHook((_, gi, go) =>
        {
            gradInput = gi;
            gradOutput = go;
        });
        var x = Tensor.Randn(2, 3, 4, 4);
        var y = net.Call(x);
        y.Sum().Backward();
        Assert.Equal([2, 4, 4, 4], activation!.Shape);
        Assert.Equal([2, 4, 4, 4], tensorGrad!.Shape);
        Assert.Equal([2, 4, 4, 4], gradOutput!.Shape);
        Assert.Equal([2, 4, 4, 4], gradInput!.Shape);
        forward.Remove();
        activation = null;
        net.Call(x);
        Assert.Null(activation);
    }

    [Fact]
    public void ForwardPreHookAndForwardHook_CanReplaceInputAndOutput()
    {
        var relu = new ReLU();
        relu.RegisterForwardPreHook((_, x) => x.Neg());
        relu.RegisterForwardHook((Module _, Tensor _, Tensor y) => y.Mul(2.0));
        Assert.Equal(new float[] { 4, 0 }, relu.Call(Tensor.FromArray(new float[] { -2, 3 }, 2)).ToArray());
    }

    [Fact]
    public void Apply_VisitsChildrenBeforeParentAndCanReinitialise()
    {
        var net = SmallNet();
        var order = new List<string>();
        net.Apply(m =>
        {
            order.Add(m.GetType().Name);
            if (m is Linear linear)
            {
                Init.Constant(linear.Weight, 0.5);
            }
        });
        Assert.Equal("Sequential", order[^1]);
        Assert.All(((Linear)net[6]).Weight.ToArray(), v => Assert.Equal(0.5f, v));
    }

    [Fact]
    public void DefaultInit_IsKaimingUniformWithinPyTorchBounds_AndSeedDeterministic()
    {
        Tensor.ManualSeed(42);
        var a = new Linear(50, 20);
        Tensor.ManualSeed(42);
        var b = new Linear(50, 20);
        Assert.Equal(a.Weight.ToArray(), b.Weight.ToArray());
        double bound = 1 / Math.Sqrt(50); // kaiming_uniform(a=√5): gain √(2/6), bound = gain √(3/fan_in) = 1/√fan_in
        Assert.All(a.Weight.ToArray(), v => Assert.InRange(v, -bound, bound));
        Assert.All(a.Bias!.ToArray(), v => Assert.InRange(v, -bound, bound));
        Assert.True(a.Weight.ToArray().Max() > 0.8 * bound);
        var w = Tensor.Zeros(256, 128);
        Init.KaimingNormal(w, mode: FanMode.FanOut, nonlinearity: "relu", generator: new Generator(3));
        Assert.InRange(w.Std().Item(), 0.95 * Math.Sqrt(2.0 / 256), 1.05 * Math.Sqrt(2.0 / 256));
        Init.XavierUniform(w, generator: new Generator(4));
        Assert.InRange(w.Abs().Max().Item(), 0.9 * Math.Sqrt(6.0 / 384), Math.Sqrt(6.0 / 384));
    }

    [Fact]
    public void InPlaceRandomFills_DrawTheSameStreamAsRandAndRandn()
    {
        var u = Tensor.Zeros(3, 7).UniformInPlace(-2, 3, new Generator(5));
        Assert.Equal(Tensor.Rand([3, 7], -2, 3, DType.Float32, new Generator(5)).ToArray(), u.ToArray());
        var g = new Generator(6);
        var z = Tensor.Zeros([11], DType.Float64).NormalInPlace(1, 2, g);
        Close(Tensor.Randn([11], 1, 2, DType.Float64, new Generator(6)), z, 1e-6, "normal");
        Assert.Equal(6UL, g.Offset);
    }

    [Fact]
    public void To_Float64_ConvertsParametersAndBuffersKeepingCounters()
    {
        var net = SmallNet().To(DType.Float64);
        Assert.All(net.Parameters(), p => Assert.Equal(DType.Float64, p.DType));
        Assert.Equal(DType.Int64, net.StateDict()["1.num_batches_tracked"].DType);
        Assert.Equal([2, 3], net.Call(Tensor.Randn([2, 3, 4, 4], dtype: DType.Float64)).Shape);
    }

    [Fact]
    public void Summary_ListsLayersShapesAndTotals()
    {
        var text = Summary.Create(SmallNet(), 3, 4, 4);
        Assert.Contains("Conv2d-1", text);
        Assert.Contains("[-1, 4, 4, 4]", text);
        Assert.Contains("Linear-7", text);
        Assert.Contains("Total params: 167", text);
        Assert.Contains("Trainable params: 167", text);
    }

    [Fact]
    public void ToString_PrintsTheModuleTreeLikePyTorch()
    {
        var text = SmallNet().ToString();
        Assert.Contains("(0): Conv2d(3, 4, kernel_size=3, stride=1, padding=1, bias=False)", text);
        Assert.Contains("(6): Linear(in_features=16, out_features=3, bias=True)", text);
    }

    [Fact]
    public void ConvLayers_ReprAndWeightShapes_FollowPyTorch()
    {
        var transposed = new ConvTranspose2d(4, 6, (3, 2), stride: 2, padding: 1, outputPadding: 1, groups: 2, bias: false, dilation: 2);
        Assert.Equal("ConvTranspose2d(4, 6, kernel_size=(3, 2), stride=2, padding=1, dilation=2, output_padding=1, groups=2, bias=False)",
            transposed.ToString());
        Assert.Equal([4, 3, 3, 2], transposed.Weight.Shape);
        var conv = new Conv2d(4, 6, 3, padding: "same", dilation: (1, 2), groups: 2);
        Assert.Equal("Conv2d(4, 6, kernel_size=3, stride=1, padding=same, dilation=(1, 2), groups=2)", conv.ToString());
        Assert.Equal([6, 2, 3, 3], conv.Weight.Shape);
        Assert.Equal([6], conv.Bias!.Shape);
        var error = Assert.Throws<ArgumentException>(() => new ConvTranspose2d(4, 5, 3, groups: 2));
        Assert.Contains("ConvTranspose2d: in_channels 4 and out_channels 5 must be divisible by groups 2", error.Message);
    }

    [Fact]
    public void LossModules_EqualFunctional()
    {
        var x = Leaf(4, 3);
        var t = Tensor.FromArray(new long[] { 0, 2, 1, 2 }, 4);
        Assert.Equal(Functional.CrossEntropy(x, t, labelSmoothing: 0.1).Item(), new CrossEntropyLoss(labelSmoothing: 0.1).Call(x, t).Item());
        Assert.Equal(Functional.MseLoss(x, x.Detach().Mul(2.0)).Item(), new MSELoss().Call(x, x.Detach().Mul(2.0)).Item());
    }
}
