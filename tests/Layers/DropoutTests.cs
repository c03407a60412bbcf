using IlgpuNet.Kernels;
using IlgpuNet.Layers;
using IlgpuNet.Tensors;

namespace IlgpuNet.Tests.Layers;

/// <summary>
/// Dropout has no PyTorch fixture (its random numbers are Philox's, not PyTorch's), so its PyTorch semantics are
/// checked directly: each element dropped with probability p, survivors scaled by 1/(1-p), identity in eval.
/// </summary>
public class DropoutTests
{
    [Theory]
    [InlineData(0.0)]
    [InlineData(0.2)]
    [InlineData(0.7)]
    [InlineData(1.0)]
    public void Dropout_Training_DropsAboutPAndScalesSurvivorsByOneOverOneMinusP(double p)
    {
        const int n = 20_000;
        var x = Tensor.Rand([n], 0.5, 1.5, DType.Float64, new Generator(3));
        double[] input = x.ToDoubleArray(), output = Functional.Dropout(x, p, training: true, new Generator(4)).ToDoubleArray();
        int dropped = 0;
        for (int i = 0; i < n; i++)
        {
            if (output[i] == 0)
            {
                dropped++;
            }
            else
            {
                Assert.Equal(input[i] / (1 - p), output[i], 1e-12);
            }
        }

        double spread = 5 * Math.Sqrt(n * p * (1 - p)); // five binomial standard deviations
        Assert.InRange(dropped, n * p - spread, n * p + spread);
        Assert.Equal(input, Functional.Dropout(x, p, training: false).ToDoubleArray());
    }

    [Fact]
    public void Dropout_SameSeed_SameMask()
    {
        var x = Tensor.Ones(1000);
        Assert.Equal(Functional.Dropout(x, 0.4, true, new Generator(9)).ToArray(), Functional.Dropout(x, 0.4, true, new Generator(9)).ToArray());
        Assert.NotEqual(Functional.Dropout(x, 0.4, true, new Generator(9)).ToArray(), Functional.Dropout(x, 0.4, true, new Generator(10)).ToArray());
    }
}
