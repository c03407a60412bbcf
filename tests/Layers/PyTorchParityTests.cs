using System.Text.Json;
using IlgpuNet.Layers;
using IlgpuNet.Tensors;
using static IlgpuNet.Tests.Layers.Assertions;

namespace IlgpuNet.Tests.Layers;

/// <summary>
/// Outputs and gradients equal PyTorch's (float64 fixtures from tests/fixtures/make_layer_fixtures.py): each case
/// replays the op with the fixture's settings, backpropagates the fixture's upstream gradient and compares.
/// </summary>
public class PyTorchParityTests
{
    public static TheoryData<string> ConvCases => Fixture.CaseNames("conv.safetensors");

    public static TheoryData<string> NormCases => Fixture.CaseNames("norm.safetensors");

    public static TheoryData<string> PoolCases => Fixture.CaseNames("pool.safetensors");

    public static TheoryData<string> UpsampleCases => Fixture.CaseNames("upsample.safetensors");

    public static TheoryData<string> LossCases => Fixture.CaseNames("loss.safetensors");

    public static TheoryData<string> ActivationCases => Fixture.CaseNames("activation.safetensors");

    [Theory]
    [MemberData(nameof(ConvCases))]
    public void Convolution_MatchesPyTorch(string name)
    {
        var f = Fixture.Load("conv.safetensors");
        var c = f.Case(name);
        Tensor x = f.Leaf(name, "x"), w = f.Leaf(name, "w");
        Tensor? b = f.OptionalLeaf(name, "b");
        var y = Str(c, "op") == "conv2d"
            ? Functional.Conv2d(x, w, b, Pair(c, "stride"), c.GetProperty("padding").ValueKind == JsonValueKind.String ? Str(c, "padding") : (Padding2d)Pair(c, "padding"),
                Pair(c, "dilation"), c.GetProperty("groups").GetInt32())
            : Functional.ConvTranspose2d(x, w, b, Pair(c, "stride"), Pair(c, "padding"), Pair(c, "output_padding"),
                c.GetProperty("groups").GetInt32(), Pair(c, "dilation"));
        Close(f[name, "y"], y, what: "y");
        y.Backward(f[name, "gy"]);
        Close(f[name, "gx"], x.Grad, what: "dx");
        Close(f[name, "gw"], w.Grad, what: "dweight");
        if (b != null)
        {
            Close(f[name, "gb"], b.Grad, what: "dbias");
        }
    }

    [Theory]
    [MemberData(nameof(NormCases))]
    public void BatchNorm_OutputGradientsAndRunningStats_MatchPyTorch(string name)
    {
        var f = Fixture.Load("norm.safetensors");
        var c = f.Case(name);
        if (Str(c, "op") == "batch_norm_module")
        {
            BatchNormModuleStepsThenEval(f, name, c);
            return;
        }

        var x = f.Leaf(name, "x");
        Tensor? w = f.OptionalLeaf(name, "w"), b = f.OptionalLeaf(name, "b");
        Tensor rm = f[name, "rm"].Clone(), rv = f[name, "rv"].Clone();
        var y = Functional.BatchNorm(x, rm, rv, w, b, c.GetProperty("training").GetBoolean(), c.GetProperty("momentum").GetDouble());
        Close(f[name, "y"], y, 1e-9, "y");
        Close(f[name, "rm_after"], rm, 1e-12, "running_mean");
        Close(f[name, "rv_after"], rv, 1e-12, "running_var");
        y.Backward(f[name, "gy"]);
        Close(f[name, "gx"], x.Grad, 1e-8, "dx");
        if (w != null && b != null)
        {
            Close(f[name, "gw"], w.Grad, 1e-8, "dweight");
            Close(f[name, "gb"], b.Grad, 1e-8, "dbias");
        }
    }

    // BatchNorm1d/2d modules: training steps move the running statistics (momentum, or null: cumulative average), then eval uses them
    private static void BatchNormModuleStepsThenEval(Fixture f, string name, JsonElement c)
    {
        var x = f[name, "x"];
        var momentum = c.GetProperty("momentum");
        double? m = momentum.ValueKind == JsonValueKind.Null ? null : momentum.GetDouble();
        bool affine = c.GetProperty("affine").GetBoolean();
        BatchNorm module = x.Rank == 4
            ? new BatchNorm2d(x.Size(1), momentum: m, affine: affine)
            : new BatchNorm1d(x.Size(1), momentum: m, affine: affine);
        module.To(IlgpuNet.Kernels.DType.Float64);
        int steps = c.GetProperty("steps").GetInt32();
        for (int i = 0; i < steps; i++)
        {
            module.Call(f[name, $"step{i}"]);
        }

        Assert.Equal(steps, module.NumBatchesTracked!.Item());
        Close(f[name, "rm_after"], module.RunningMean, 1e-12, "running_mean");
        Close(f[name, "rv_after"], module.RunningVar, 1e-12, "running_var");
        module.Eval();
        Close(f[name, "y"], module.Call(x), 1e-9, "eval y");
    }

    [Theory]
    [MemberData(nameof(PoolCases))]
    public void Pooling_MatchesPyTorch(string name)
    {
        var f = Fixture.Load("pool.safetensors");
        var c = f.Case(name);
        var x = f.Leaf(name, "x");
        Tensor y;
        switch (Str(c, "op"))
        {
            case "max_pool2d":
                var (values, indices) = Functional.MaxPool2dWithIndices(x, Pair(c, "kernel"), Pair(c, "stride"), Pair(c, "padding"),
                    Pair(c, "dilation"), c.GetProperty("ceil_mode").GetBoolean());
                Close(f[name, "idx"], indices, 0, "indices");
                y = values;
                break;
            case "avg_pool2d":
                var div = c.GetProperty("divisor_override");
                y = Functional.AvgPool2d(x, Pair(c, "kernel"), Pair(c, "stride"), Pair(c, "padding"), c.GetProperty("ceil_mode").GetBoolean(),
                    c.GetProperty("count_include_pad").GetBoolean(), div.ValueKind == JsonValueKind.Null ? null : div.GetInt32());
                break;
            case "adaptive_avg_pool2d":
                y = Functional.AdaptiveAvgPool2d(x, Pair(c, "output_size"));
                break;
            default:
                y = Functional.AdaptiveMaxPool2d(x, Pair(c, "output_size"));
                break;
        }

        Close(f[name, "y"], y, what: "y");
        y.Backward(f[name, "gy"]);
        Close(f[name, "gx"], x.Grad, what: "dx");
    }

    [Theory]
    [MemberData(nameof(UpsampleCases))]
    public void Resampling_MatchesPyTorch(string name)
    {
        var f = Fixture.Load("upsample.safetensors");
        var c = f.Case(name);
        var x = f.Leaf(name, "x");
        Tensor y;
        switch (Str(c, "op"))
        {
            case "pixel_shuffle":
                y = Functional.PixelShuffle(x, c.GetProperty("factor").GetInt32());
                break;
            case "pixel_unshuffle":
                y = Functional.PixelUnshuffle(x, c.GetProperty("factor").GetInt32());
                break;
            default:
                var size = c.GetProperty("size");
                var scale = c.GetProperty("scale_factor");
                var align = c.GetProperty("align_corners");
                y = Functional.Interpolate(x,
                    size.ValueKind == JsonValueKind.Null ? null : Pair(c, "size"),
                    scale.ValueKind == JsonValueKind.Null ? null : scale.GetDouble(),
                    Str(c, "mode") == "bilinear" ? UpsampleMode.Bilinear : UpsampleMode.Nearest,
                    align.ValueKind == JsonValueKind.Null ? null : align.GetBoolean());
                break;
        }

        Close(f[name, "y"], y, what: "y");
        y.Backward(f[name, "gy"]);
        Close(f[name, "gx"], x.Grad, what: "dx");
    }

    [Theory]
    [MemberData(nameof(LossCases))]
    public void Loss_ValueAndGradient_MatchPyTorch(string name)
    {
        var f = Fixture.Load("loss.safetensors");
        var c = f.Case(name);
        var x = f.Leaf(name, "x");
        var target = f[name, "target"];
        var weight = f.Get(name, "weight");
        var reduction = Str(c, "reduction") switch { "sum" => Reduction.Sum, "none" => Reduction.None, _ => Reduction.Mean };
        var loss = Str(c, "op") switch
        {
            "cross_entropy" => Functional.CrossEntropy(x, target, weight, c.GetProperty("ignore_index").GetInt64(), reduction,
                c.GetProperty("label_smoothing").GetDouble()),
            "nll_loss" => Functional.NllLoss(x, target, weight, c.GetProperty("ignore_index").GetInt64(), reduction),
            "bce" => Functional.BinaryCrossEntropy(x, target, weight, reduction),
            "bce_with_logits" => Functional.BinaryCrossEntropyWithLogits(x, target, weight, reduction, f.Get(name, "pos_weight")),
            "mse" => Functional.MseLoss(x, target, reduction),
            "l1" => Functional.L1Loss(x, target, reduction),
            "smooth_l1" => Functional.SmoothL1Loss(x, target, reduction, c.GetProperty("beta").GetDouble()),
            "huber" => Functional.HuberLoss(x, target, reduction, c.GetProperty("delta").GetDouble()),
            var op => throw new InvalidOperationException(op),
        };
        Close(f[name, "loss"], loss, 1e-10, "loss");
        loss.Backward(f[name, "gy"]);
        Close(f[name, "gx"], x.Grad, 1e-10, "dx");
    }

    [Theory]
    [MemberData(nameof(ActivationCases))]
    public void Activation_ValueAndGradient_MatchPyTorch(string name)
    {
        var f = Fixture.Load("activation.safetensors");
        var c = f.Case(name);
        var x = f.Leaf(name, "x");
        double Option(string key, double fallback) => c.TryGetProperty(key, out var v) ? v.GetDouble() : fallback;
        Tensor? w = f.OptionalLeaf(name, "w");
        var y = Str(c, "op") switch
        {
            "relu" => Functional.Relu(x),
            "leaky_relu" => Functional.LeakyRelu(x, Option("negative_slope", 0.01)),
            "elu" => Functional.Elu(x, Option("alpha", 1.0)),
            "gelu" => Functional.Gelu(x),
            "sigmoid" => Functional.Sigmoid(x),
            "tanh" => Functional.Tanh(x),
            "softplus" => Functional.Softplus(x, Option("beta", 1.0), Option("threshold", 20.0)),
            "prelu" => Functional.PRelu(x, w!),
            var op => throw new InvalidOperationException(op),
        };
        Close(f[name, "y"], y, 1e-12, "y");
        y.Backward(f[name, "gy"]);
        Close(f[name, "gx"], x.Grad, 1e-12, "dx");
        if (w != null)
        {
            Close(f[name, "gw"], w.Grad, 1e-12, "dweight");
        }
    }

    private static string Str(JsonElement c, string key) => c.GetProperty(key).GetString()!;

    private static Size2 Pair(JsonElement c, string key)
    {
        var a = c.GetProperty(key).EnumerateArray().Select(e => e.GetInt32()).ToArray();
        return (a[0], a[1]);
    }
}
