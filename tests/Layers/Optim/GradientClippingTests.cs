using IlgpuNet.Layers.Optim;
using IlgpuNet.Tensors;

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
}
