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

    [Theory]
    [MemberData(nameof(ConvCases))]
    public void Convolution_MatchesPyTorch(string name)
    {
        var f = Fixture.Load("conv.safetensors");
        var c = f.Case(name);
        Tensor x = f.Leaf(name, "x"), w = f.Leaf(name, "w");
        Tensor? b = f.Get(name, "b") != null ? f.Leaf(name, "b") : null;
        var y = Str(c, "op") == "conv2d"
            ? Functional.Conv2d(x, w, b, Pair(c, "stride"), c.GetProperty("padding").ValueKind == JsonValueKind.String ? "same" : (Padding2d)Pair(c, "padding"),
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
        Tensor x = f.Leaf(name, "x"), w = f.Leaf(name, "w"), b = f.Leaf(name, "b");
        Tensor rm = f[name, "rm"].Clone(), rv = f[name, "rv"].Clone();
        var y = Functional.BatchNorm(x, rm, rv, w, b, c.GetProperty("training").GetBoolean(), c.GetProperty("momentum").GetDouble());
        Close(f[name, "y"], y, 1e-9, "y");
        Close(f[name, "rm_after"], rm, 1e-12, "running_mean");
        Close(f[name, "rv_after"], rv, 1e-12, "running_var");
        y.Backward(f[name, "gy"]);
        Close(f[name, "gx"], x.Grad, 1e-8, "dx");
        Close(f[name, "gw"], w.Grad, 1e-8, "dweight");
        Close(f[name, "gb"], b.Grad, 1e-8, "dbias");
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
        if (Str(c, "op") == "pixel_shuffle")
        {
            var shuffled = Functional.PixelShuffle(x, c.GetProperty("factor").GetInt32());
            Close(f[name, "y"], shuffled, 0, "y");
            Close(x.Detach(), Functional.PixelUnshuffle(shuffled.Detach(), 2), 0, "unshuffle");
            return;
        }

        var size = c.GetProperty("size");
        var scale = c.GetProperty("scale_factor");
        var align = c.GetProperty("align_corners");
        var y = Functional.Interpolate(x,
            size.ValueKind == JsonValueKind.Null ? null : Pair(c, "size"),
            scale.ValueKind == JsonValueKind.Null ? null : scale.GetDouble(),
            Str(c, "mode") == "bilinear" ? UpsampleMode.Bilinear : UpsampleMode.Nearest,
            align.ValueKind == JsonValueKind.Null ? null : align.GetBoolean());
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

    private static string Str(JsonElement c, string key) => c.GetProperty(key).GetString()!;

    private static Size2 Pair(JsonElement c, string key)
    {
        var a = c.GetProperty(key).EnumerateArray().Select(e => e.GetInt32()).ToArray();
        return (a[0], a[1]);
    }
}
