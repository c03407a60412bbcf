using IlgpuNet.Autograd;
using IlgpuNet.Kernels;
using IlgpuNet.Layers;
using IlgpuNet.Layers.Models;
using IlgpuNet.Tensors;
using static IlgpuNet.Tests.Layers.Assertions;

namespace IlgpuNet.Tests.Layers;

/// <summary>SRCNN and FSRCNN: PyTorch names and sizes, output shapes, and outputs equal to the usual PyTorch ports (fixtures from make_sr_model_fixtures.py).</summary>
public class SuperResolutionModelTests
{
    private const string File = "sr_models.safetensors";

    [Fact]
    public void Srcnn_ParametersAreThe915NetworkWithPyTorchNames()
    {
        var model = new Srcnn();
        Assert.Equal(["conv1.weight", "conv1.bias", "conv2.weight", "conv2.bias", "conv3.weight", "conv3.bias"], model.NamedParameters().Select(p => p.Name));
        Assert.Equal([64, 1, 9, 9], model.Conv1.Weight.Shape);
        Assert.Equal([32, 64, 1, 1], model.Conv2.Weight.Shape);
        Assert.Equal([1, 32, 5, 5], model.Conv3.Weight.Shape);
        Assert.Equal(8129, model.ParameterCount()); // 64·81+64 + 32·64+32 + 25·32+1
    }

    [Fact]
    public void Fsrcnn_ParametersAreD56S12M4WithPyTorchNames()
    {
        var model = new Fsrcnn(3);
        var names = model.NamedParameters().Select(p => p.Name).ToArray();
        Assert.Equal(["first_part.0.weight", "first_part.0.bias", "first_part.1.weight", "mid_part.0.weight"], names[..4]);
        Assert.Equal(["mid_part.11.weight", "last_part.weight", "last_part.bias"], names[^3..]);
        Assert.Equal([56, 1, 9, 9], model.Deconvolution.Weight.Shape);
        Assert.Equal(new Size2(3, 3), model.Deconvolution.Stride);
        Assert.Equal(12809, model.ParameterCount());
    }

    [Theory]
    [InlineData(2, 9, 7)]
    [InlineData(3, 5, 8)]
    [InlineData(4, 6, 6)]
    public void Fsrcnn_OutputIsScaleTimesTheInput(int scale, int height, int width)
    {
        var output = new Fsrcnn(scale).Call(Tensor.Rand(2, 1, height, width));
        Assert.Equal([2, 1, scale * height, scale * width], output.Shape);
    }

    [Fact]
    public void Srcnn_UnpaddedOutputIsTheBorderFreeCentreOfThePaddedOne()
    {
        Tensor.ManualSeed(3);
        var model = new Srcnn();
        using (GradMode.NoGrad())
        {
            // Biases and output weights away from zero so every path matters.
            foreach (var p in model.Parameters())
            {
                p.UniformInPlace(-0.2, 0.2);
            }
        }

        var input = Tensor.Rand(1, 1, 33, 33);
        model.Padded = true;
        var padded = model.Call(input);
        model.Padded = false;
        var valid = model.Call(input);
        Assert.Equal([1, 1, 33, 33], padded.Shape);
        Assert.Equal([1, 1, 21, 21], valid.Shape);
        // The padded network's zeros reach 4 (conv1) + 2 (conv3) pixels in, exactly the border the valid one drops.
        Close(valid, padded.Narrow(2, 6, 21).Narrow(3, 6, 21), 1e-5);
    }

    [Theory]
    [InlineData("srcnn_padded")]
    [InlineData("srcnn_valid")]
    [InlineData("fsrcnn_x2")]
    [InlineData("fsrcnn_x3")]
    public void Output_EqualsPyTorchPort(string name)
    {
        var fixture = Fixture.Load(File);
        Module model;
        string weights = name;
        if (name.StartsWith("srcnn", StringComparison.Ordinal))
        {
            model = new Srcnn { Padded = fixture.Case(name).GetProperty("padded").GetBoolean() };
            weights = "srcnn_padded";
        }
        else
        {
            model = new Fsrcnn(fixture.Case(name).GetProperty("scale").GetInt32());
        }

        model.To(DType.Float64);
        var state = model.StateDict().Keys.ToDictionary(key => key, key => fixture[weights, key]);
        model.LoadStateDict(state);
        using (GradMode.NoGrad())
        {
            Close(fixture[name, "output"], model.Call(fixture[name, "input"]), 1e-10);
        }
    }
}
