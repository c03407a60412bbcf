using System.Text.Json.Nodes;
using IlgpuNet.Layers.Optim;
using IlgpuNet.Tensors;
using IlgpuNet.Tests.Layers.Checkpoints;

namespace IlgpuNet.Tests.Layers.Optim;

public class GradientClippingTests
{
    private static Tensor WithGrad(params double[] grad)
    {
        var p = Tensor.Zeros([grad.Length], IlgpuNet.Kernels.DType.Float64);
        p.RequiresGrad = true;
        p.Grad = Tensor.FromArray(grad);
        return p;
    }

    [Fact]
    public void ClipGradNorm_L2_ReturnsTotalNormAndScalesByMaxOverNormPlusEps()
    {
        // ||(3, 4, 12)|| = 13
        var a = WithGrad(3, 4);
        var b = WithGrad(12);
        double total = GradientClipping.ClipGradNorm([a, b], maxNorm: 6.5);
        Assert.Equal(13, total, 12);
        double coefficient = 6.5 / (13 + 1e-6);
        Assert.Equal([3 * coefficient, 4 * coefficient], a.Grad!.ToDoubleArray());
        Assert.Equal(12 * coefficient, b.Grad!.ToDoubleArray()[0], 12);
    }

    [Fact]
    public void ClipGradNorm_BelowMax_LeavesGradientsAlone()
    {
        var a = WithGrad(0.3, -0.4);
        Assert.Equal(0.5, GradientClipping.ClipGradNorm([a], maxNorm: 1), 12);
        Assert.Equal([0.3, -0.4], a.Grad!.ToDoubleArray());
    }

    [Fact]
    public void ClipGradNorm_Infinity_UsesLargestMagnitude_AndSkipsParamsWithoutGrad()
    {
        var a = WithGrad(1, -8);
        var b = WithGrad(5);
        var noGrad = Tensor.Zeros(2);
        double total = GradientClipping.ClipGradNorm([a, b, noGrad], maxNorm: 2, normType: double.PositiveInfinity);
        Assert.Equal(8, total);
        double coefficient = 2 / (8 + 1e-6);
        Assert.Equal([coefficient, -8 * coefficient], a.Grad!.ToDoubleArray());
        Assert.Null(noGrad.Grad);
    }

    [Fact]
    public void ClipGradNorm_NoGradients_ReturnsZero()
        => Assert.Equal(0, GradientClipping.ClipGradNorm([Tensor.Zeros(2)], 1.0));

    [Fact]
    public void ClipGradValue_ClampsElements()
    {
        var a = WithGrad(-3, 0.5, 2);
        GradientClipping.ClipGradValue([a], 1);
        Assert.Equal([-1, 0.5, 1], a.Grad!.ToDoubleArray());
    }

    public static TheoryData<int> ClippingCases()
    {
        var data = new TheoryData<int>();
        for (int i = 0; i < ClippingFixture.Value["cases"]!.AsArray().Count; i++)
        {
            data.Add(i);
        }

        return data;
    }

    private static readonly Lazy<JsonObject> ClippingFixture =
        new(() => JsonNode.Parse(File.ReadAllText(FixturePath.Of("optim", "clipping.json")))!.AsObject());

    /// <summary>clip_grad_norm_ against PyTorch 1.13 (tests/fixtures/make_optim_fixtures.py): p = 2, 1, 3.5, inf, clipping or not.</summary>
    [Theory]
    [MemberData(nameof(ClippingCases))]
    public void ClipGradNorm_MatchesPyTorch(int index)
    {
        var fixture = ClippingFixture.Value;
        var c = fixture["cases"]![index]!;
        var shapes = fixture["shapes"]!.AsArray().Select(s => s!.AsArray().Select(d => d!.GetValue<int>()).ToArray()).ToArray();
        var parameters = shapes.Select((shape, i) =>
        {
            var p = Tensor.Zeros(shape, IlgpuNet.Kernels.DType.Float64);
            p.RequiresGrad = true;
            p.Grad = Tensor.FromArray(OptimizerParityTests.Doubles(fixture["grads"]![i]!), shape);
            return p;
        }).Append(Tensor.Zeros(2)).ToList(); // a parameter without a gradient is skipped
        var normNode = c["norm_type"]!;
        double normType = normNode.GetValueKind() == System.Text.Json.JsonValueKind.String ? double.PositiveInfinity : normNode.GetValue<double>();

        double total = GradientClipping.ClipGradNorm(parameters, c["max_norm"]!.GetValue<double>(), normType);

        Assert.Equal(c["total_norm"]!.GetValue<double>(), total, 1e-12);
        for (int i = 0; i < shapes.Length; i++)
        {
            OptimizerParityTests.AssertClose(OptimizerParityTests.Doubles(c["clipped"]![i]!), parameters[i].Grad!.ToDoubleArray(), 1e-12, $"grad {i}");
        }
    }
}
