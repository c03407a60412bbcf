using System.Text.Json;
using IlgpuNet.Autograd;
using IlgpuNet.Kernels;
using IlgpuNet.Layers;
using IlgpuNet.Layers.Models;
using IlgpuNet.Tensors;

namespace IlgpuNet.Tests.Layers;

/// <summary>
/// The course models (Table-2 CNN, composite Table-1 CNN) have PyTorch's parameter names and counts, and give
/// PyTorch's logits (tests/fixtures/make_course_model_fixtures.py) when every tensor is the same function of its position.
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
