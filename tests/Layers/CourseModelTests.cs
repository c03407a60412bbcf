using System.Text.Json;
using IlgpuNet.Autograd;
using IlgpuNet.Kernels;
using IlgpuNet.Layers;
using IlgpuNet.Layers.Models;
using IlgpuNet.Tensors;

namespace IlgpuNet.Tests.Layers;

/// <summary>
/// The course models (Table-2 CNN, composite Table-1 CNN, the colourization networks) have PyTorch's parameter names and
/// counts, and give PyTorch's logits (tests/fixtures/make_course_model_fixtures.py) when every tensor is the same
/// function of its position.
/// </summary>
public class CourseModelTests
{
    private static readonly JsonElement Expected = JsonDocument.Parse(
        File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "fixtures", "models", "course_models.json"))).RootElement;

    [Fact]
    public void Table2Cnn_Cifar32_Has390410ParametersWithPyTorchNames()
    {
        var model = Table2Cnn.Create();
        Assert.Equal(390_410, model.ParameterCount());
        Assert.Equal(["0.weight", "0.bias", "3.weight", "3.bias", "6.weight", "6.bias", "10.weight", "10.bias", "12.weight", "12.bias"],
            model.NamedParameters().Select(p => p.Name));
    }

    [Fact]
    public void Table2Cnn_WithBatchNorm_AddsOneNormPerConvolution()
    {
        var model = Table2Cnn.Create(batchNorm: true);
        Assert.Equal(390_410 + 2 * (32 + 64 + 128), model.ParameterCount());
        Assert.Equal([32, 64, 128], model.OfType<BatchNorm2d>().Select(b => b.NumFeatures));
        Assert.IsType<BatchNorm2d>(model[1]);
    }

    [Fact]
    public void Table2Cnn_GrayTwentyEight_FlattensThreeByThree()
    {
        var model = Table2Cnn.Create(inChannels: 1, imageSize: 28);
        Assert.Equal([64, 128 * 3 * 3], ((Linear)model[10]).Weight.Shape);
        Assert.Throws<ArgumentException>(() => Table2Cnn.Create(imageSize: 7));
    }

    [Fact]
    public void CompositeCnn_Has96042ParametersAndKeepsTheImageSize()
    {
        var model = CompositeCnn.Create();
        Assert.Equal(96_042, model.ParameterCount());
        Assert.Equal([10, 80], model.StateDict()["22.weight"].Shape);
        var convolutions = model.OfType<Conv2d>().ToList();
        Assert.Equal([16, 32, 48, 64, 80], convolutions.Select(c => c.OutChannels));
        var sizes = new List<int[]>();
        foreach (var module in model.Where(m => m is Conv2d or MaxPool2d))
        {
            module.RegisterForwardHook((Module _, Tensor _, Tensor output) => sizes.Add(output.Shape));
        }

        model.Eval();
        using (GradMode.NoGrad())
        {
            Assert.Equal([1, 10], model.Call(Tensor.Zeros(1, 3, 13, 17)).Shape);
        }

        Assert.Equal(10, sizes.Count);
        Assert.All(sizes, s => Assert.Equal([13, 17], s[2..]));
    }

    [Fact]
    public void Table2Cnn_SameWeightsAsPyTorch_GivesPyTorchLogits()
        => AssertLogitsMatch(Table2Cnn.Create(), [2, 3, 32, 32], "table2_3x32x32");

    [Fact]
    public void CompositeCnn_SameWeightsAsPyTorch_GivesPyTorchLogits()
        => AssertLogitsMatch(CompositeCnn.Create(), [2, 3, 20, 20], "composite_3x20x20");

    public static TheoryData<string, int, int, int> ColourNetFixtures => new()
    {
        { "pool_upsample_k3_1x8x12", 3, 1, 12 },
        { "pool_upsample_k4_1x8x8", 4, 1, 8 },
        { "conv_transpose_k3_1x8x12", 3, 1, 12 },
        { "conv_transpose_k4_1x8x8", 4, 1, 8 },
        { "unet_k3_1x8x12", 3, 1, 12 },
        { "unet_k5_dilation2_2x8x8", 5, 2, 8 },
    };

    [Theory]
    [MemberData(nameof(ColourNetFixtures))]
    public void ColourNets_SameWeightsAsPyTorch_GivePyTorchLogits(string fixture, int kernel, int dilation, int width)
    {
        int inChannels = fixture.StartsWith("unet_k5", StringComparison.Ordinal) ? 2 : 1;
        var config = new ColourNetConfig(kernel, InChannels: inChannels, Filters: 4, Colours: 5, Dilation: dilation);
        AssertLogitsMatch(ColourNet(fixture[..fixture.IndexOf("_k", StringComparison.Ordinal)], config), [2, inChannels, 8, width], fixture);
    }

    [Fact]
    public void ColourNets_HaveTheAssignmentsLayerNamesAndSkipWidths()
    {
        var config = new ColourNetConfig(); // kernel 3, NIC 1, NF 32, NC 24
        var unet = new UNet(config);
        Assert.Equal([64, 24, 3, 3], unet.StateDict()["layer4.0.weight"].Shape); // ConvTranspose (2NF → NC): weight (in, out, k, k)
        Assert.Equal([24, 25, 3, 3], unet.StateDict()["layer5.weight"].Shape);    // Conv (NC + NIC → NC)
        var plain = new ConvTransposeNet(config);
        Assert.Equal([32, 24, 3, 3], plain.StateDict()["layer4.0.weight"].Shape);
        Assert.Equal(["layer1.0.weight", "layer1.0.bias", "layer1.1.weight", "layer1.1.bias"], plain.NamedParameters().Take(4).Select(p => p.Name));
        Assert.Equal(["layer1.0.weight", "layer1.0.bias", "layer1.2.weight", "layer1.2.bias"], new PoolUpsampleNet(config).NamedParameters().Take(4).Select(p => p.Name));
    }

    /// <summary>The paddings ColourNetConfig derives keep every layer's output shape, at kernels 3, 4 and 5 and with dilation.</summary>
    [Theory]
    [InlineData("pool_upsample")]
    [InlineData("conv_transpose")]
    [InlineData("unet")]
    public void ColourNets_Kernels4And5AndDilation_KeepEveryTensorShape(string network)
    {
        var reference = LayerOutputShapes(ColourNet(network, new ColourNetConfig(3, Filters: 6, Colours: 7)), 12, 20);
        Assert.Equal([[2, 6, 6, 10], [2, 12, 3, 5], [2, 6, 6, 10], [2, 7, 12, 20], [2, 7, 12, 20]], reference.Where(r => r.Name.StartsWith("layer", StringComparison.Ordinal) && !r.Name.Contains('.')).Select(r => r.Shape));
        foreach (var (kernel, dilation) in new[] { (4, 1), (5, 1), (3, 2), (4, 3), (2, 1), (1, 1) })
        {
            var shapes = LayerOutputShapes(ColourNet(network, new ColourNetConfig(kernel, Filters: 6, Colours: 7, Dilation: dilation)), 12, 20);
            Assert.Equal(reference.Select(r => r.Name), shapes.Select(r => r.Name));
            for (int i = 0; i < reference.Count; i++)
            {
                Assert.True(reference[i].Shape.SequenceEqual(shapes[i].Shape),
                    $"kernel {kernel}, dilation {dilation}: {shapes[i].Name} gives [{string.Join(", ", shapes[i].Shape)}], kernel 3 [{string.Join(", ", reference[i].Shape)}]");
            }
        }
    }

    [Theory]
    [InlineData(3, 1, 1, 1, 1)]
    [InlineData(4, 1, 1, 1, 0)]
    [InlineData(5, 1, 2, 2, 1)]
    [InlineData(3, 2, 2, 2, 1)]
    public void ColourNetConfig_PaddingsForKernelAndDilation(int kernel, int dilation, int strided, int transposed, int outputPadding)
    {
        var config = new ColourNetConfig(kernel, Dilation: dilation);
        Assert.Equal((strided, transposed, outputPadding), (config.StridedPadding, config.TransposedPadding, config.OutputPadding));
        Assert.Equal(kernel == 4 ? (Padding2d)"same" : (dilation * (kernel - 1)) / 2, config.SamePadding);
    }

    [Fact]
    public void ColourNets_RejectBadSettingsAndInputs()
    {
        Assert.Contains("num_filters", Assert.Throws<ArgumentException>(() => new UNet(new ColourNetConfig(Filters: 0))).Message);
        var model = new ConvTransposeNet(new ColourNetConfig(Filters: 2, Colours: 3));
        Assert.Contains("multiples of 4", Assert.Throws<ArgumentException>(() => model.Call(Tensor.Zeros(1, 1, 10, 8))).Message);
        Assert.Throws<ArgumentException>(() => model.Call(Tensor.Zeros(1, 3, 8, 8)));
    }

    private static Module ColourNet(string network, ColourNetConfig config) => network switch
    {
        "pool_upsample" => new PoolUpsampleNet(config),
        "conv_transpose" => new ConvTransposeNet(config),
        "unet" => new UNet(config),
        _ => throw new ArgumentException(network),
    };

    /// <summary>Every module's output shape (containers and leaves, by name) on a (2, 1, H, W) input, in call order.</summary>
    private static List<(string Name, int[] Shape)> LayerOutputShapes(Module model, int height, int width)
    {
        var shapes = new List<(string, int[])>();
        foreach (var (name, module) in model.NamedModules().Skip(1))
        {
            module.RegisterForwardHook((Module _, Tensor _, Tensor output) => shapes.Add((name, output.Shape)));
        }

        model.Eval();
        using (GradMode.NoGrad())
        {
            model.Call(Tensor.Zeros(2, 1, height, width));
        }

        return shapes;
    }

    private static void AssertLogitsMatch(Module model, int[] inputShape, string fixture)
    {
        model.To(DType.Float64);
        var state = new Dictionary<string, Tensor>();
        int k = 0;
        foreach (var (name, tensor) in model.StateDict())
        {
            state[name] = name.EndsWith("num_batches_tracked", StringComparison.Ordinal) ? tensor : PositionalFill(name, tensor.Shape, k);
            k++;
        }

        model.LoadStateDict(state);
        model.Eval();
        int n = inputShape.Aggregate(1, (a, b) => a * b);
        var input = Tensor.FromArray(Enumerable.Range(0, n).Select(i => Math.Sin(0.1 * i)).ToArray(), inputShape);
        double[] actual;
        using (GradMode.NoGrad())
        {
            actual = model.Call(input).ToDoubleArray();
        }

        var expected = Expected.GetProperty(fixture).EnumerateArray().Select(e => e.GetDouble()).ToArray();
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
        {
            Assert.True(Math.Abs(expected[i] - actual[i]) < 1e-9, $"logit {i}: PyTorch {expected[i]}, ours {actual[i]}");
        }
    }

    /// <summary>make_course_model_fixtures.py's fill: sin(0.7 i + 1.3 k), scaled per kind of tensor.</summary>
    private static Tensor PositionalFill(string name, int[] shape, int k)
    {
        int n = shape.Aggregate(1, (a, b) => a * b);
        var wave = Enumerable.Range(0, n).Select(i => Math.Sin(0.7 * i + 1.3 * k)).ToArray();
        Func<double, double> scale = name.EndsWith("running_var", StringComparison.Ordinal) ? w => 1.0 + 0.5 * w
            : name.EndsWith("running_mean", StringComparison.Ordinal) ? w => 0.1 * w
            : w => w / Math.Sqrt(shape.Length > 1 ? n / shape[0] : shape[0]);
        return Tensor.FromArray(wave.Select(scale).ToArray(), shape);
    }
}
