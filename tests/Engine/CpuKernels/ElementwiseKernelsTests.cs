using IlgpuNet.Kernels;
using IlgpuNet.Kernels.Cpu;
using static IlgpuNet.Tests.Engine.CpuKernels.KernelTestData;

namespace IlgpuNet.Tests.Engine.CpuKernels;

// Long contiguous launches are cut into rows the workers share: every element is still written once, with the right
// operands, when the cut rows meet broadcast and offset operands.
public class ElementwiseKernelsTests
{
    [Theory]
    [InlineData(3 * (1 << 16))]      // cut into 3 rows of 2^16
    [InlineData(5 * 4096 + 4096)]    // rows of 2^12 (24576 = 6 × 4096)
    [InlineData(1 << 13)]            // too short to cut
    [InlineData(3 * 4099 * 7)]       // no power-of-two divisor: one row
    public void Binary_OverLongContiguousRows_MatchesTheScalarDefinition(int length)
    {
        const int offset = 5;
        var a = Random(length + offset, 1);
        var b = Random(1, 2); // one value broadcast over the row
        var y = Poisoned<double>(length);
        ElementwiseKernels.Binary(BinaryOp.Mul, 0.0, 0.0, [length], a, offset, [1], b, 0, [0], y, 0, [1]);
        AssertClose(Enumerable.Range(0, length).Select(i => a[i + offset] * b[0]).ToArray(), y, 0);

        var relu = Poisoned<double>(length);
        ElementwiseKernels.Unary(UnaryOp.Relu, 0.0, 0.0, [2, length / 2], a, offset, [length / 2, 1], relu, 0, [length / 2, 1]);
        AssertClose(Enumerable.Range(0, 2 * (length / 2)).Select(i => Math.Max(a[i + offset], 0)).ToArray(),
            relu.AsSpan(0, 2 * (length / 2)), 0);
    }
}
