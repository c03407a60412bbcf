using IlgpuNet.Kernels.Cpu;

namespace IlgpuNet.Tests.Engine.CpuKernels;

// Expected sizes printed by tests/fixtures/cpu_kernel_cases.py (PyTorch 1.13).
public class ConvGeometryTests
{
    [Theory]
    [InlineData(32, 5, 1, 2, 1, 32)]
    [InlineData(7, 3, 2, 1, 1, 4)]
    [InlineData(5, 2, 3, 0, 2, 1)]
    [InlineData(33, 9, 1, 0, 1, 25)]
    [InlineData(64, 7, 2, 3, 1, 32)]
    [InlineData(8, 3, 3, 2, 2, 3)]
    public void ConvOutputSize_MatchesPyTorch(int input, int k, int stride, int pad, int dil, int expected)
        => Assert.Equal(expected, ConvGeometry.ConvOutputSize(input, k, stride, pad, dil));

    [Theory]
    [InlineData(7, 3, 2, 1, 1, 1, 14)]
    [InlineData(5, 4, 2, 1, 0, 1, 10)]
    [InlineData(4, 3, 1, 0, 1, 2, 9)]
    [InlineData(3, 5, 3, 2, 2, 1, 9)]
    [InlineData(6, 2, 2, 0, 0, 3, 14)]
    public void ConvTransposeOutputSize_MatchesPyTorch(int input, int k, int stride, int pad, int outPad, int dil, int expected)
    {
        Assert.Equal(expected, ConvGeometry.ConvTransposeOutputSize(input, k, stride, pad, outPad, dil));
        var g = new ConvTranspose2dGeometry(1, 1, input, input, 1, k, k, stride, stride, pad, pad, outPad, outPad, dil, dil);
        Assert.Equal(expected, g.OutH);
    }

    [Theory]
    [InlineData(7, 3, 2, 1, 1, false, 4)]
    [InlineData(7, 3, 2, 1, 1, true, 4)]
    [InlineData(6, 3, 2, 1, 1, true, 4)]
    [InlineData(5, 2, 2, 0, 1, true, 3)]
    [InlineData(10, 3, 3, 1, 2, true, 4)]
    [InlineData(32, 2, 2, 0, 1, false, 16)]
    [InlineData(9, 4, 4, 2, 1, true, 3)]
    [InlineData(8, 3, 3, 0, 1, true, 3)]
    public void PoolOutputSize_MatchesPyTorchIncludingCeilModeRule(int input, int k, int stride, int pad, int dil, bool ceil, int expected)
        => Assert.Equal(expected, ConvGeometry.PoolOutputSize(input, k, stride, pad, dil, ceil));

    [Fact]
    public void AdaptiveWindow_UsesFloorStartAndCeilEnd()
    {
        Assert.Equal((0, 3), ConvGeometry.AdaptiveWindow(0, 7, 3));
        Assert.Equal((2, 5), ConvGeometry.AdaptiveWindow(1, 7, 3));
        Assert.Equal((4, 7), ConvGeometry.AdaptiveWindow(2, 7, 3));
    }

    [Fact]
    public void PoolGeometry_RejectsPaddingOverHalfKernel()
        => Assert.Throws<ArgumentException>(() => new Pool2dGeometry(1, 1, 8, 8, 3, 3, 1, 1, 2, 2));

    [Fact]
    public void ConvTransposeGeometry_RejectsOutputPaddingNotBelowStrideOrDilation()
        => Assert.Throws<ArgumentException>(() => new ConvTranspose2dGeometry(1, 1, 5, 5, 1, 3, 3, 2, 2, 0, 0, 2, 2));
}
