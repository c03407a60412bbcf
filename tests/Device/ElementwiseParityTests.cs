using IlgpuNet.Kernels;
using IlgpuNet.Kernels.Gpu;

namespace IlgpuNet.Tests.Device;

public abstract partial class KernelParityTests
{
    private static double UnaryReference(UnaryOp op, double x, double p0, double p1) => op switch
    {
        UnaryOp.Identity => x,
        UnaryOp.Neg => -x,
        UnaryOp.Abs => Math.Abs(x),
        UnaryOp.Exp => Math.Exp(x),
        UnaryOp.Log => Math.Log(x),
        UnaryOp.Sqrt => Math.Sqrt(x),
        UnaryOp.Rsqrt => 1 / Math.Sqrt(x),
        UnaryOp.Sigmoid => 1 / (1 + Math.Exp(-x)),
        UnaryOp.Tanh => Math.Tanh(x),
        UnaryOp.Relu => Math.Max(x, 0),
        UnaryOp.Gelu => 0.5 * x * (1 + Erf(x / Math.Sqrt(2))),
        UnaryOp.Sin => Math.Sin(x),
        UnaryOp.Cos => Math.Cos(x),
        UnaryOp.Square => x * x,
        UnaryOp.Reciprocal => 1 / x,
        UnaryOp.Sign => Math.Sign(x),
        UnaryOp.Floor => Math.Floor(x),
        UnaryOp.Ceil => Math.Ceiling(x),
        UnaryOp.LeakyRelu => x > 0 ? x : x * p0,
        UnaryOp.Clamp => Math.Min(Math.Max(x, p0), p1),
        UnaryOp.PowScalar => Math.Pow(x, p0),
        UnaryOp.Elu => x > 0 ? x : p0 * (Math.Exp(x) - 1),
        UnaryOp.Softplus => p0 * x > p1 ? x : Math.Log(1 + Math.Exp(p0 * x)) / p0,
        UnaryOp.Log1p => Math.Log(1 + x),
        UnaryOp.Affine => p0 * x + p1,
        _ => throw new ArgumentOutOfRangeException(nameof(op)),
    };

    private static double BinaryReference(BinaryOp op, double a, double b, double p0, double p1) => op switch
    {
        BinaryOp.Add => a + b,
        BinaryOp.Sub => a - b,
        BinaryOp.Mul => a * b,
        BinaryOp.Div => a / b,
        BinaryOp.Maximum => Math.Max(a, b),
        BinaryOp.Minimum => Math.Min(a, b),
        BinaryOp.Pow => Math.Pow(a, b),
        BinaryOp.ReluGrad => b > 0 ? a : 0,
        BinaryOp.SigmoidGrad => a * b * (1 - b),
        BinaryOp.TanhGrad => a * (1 - b * b),
        BinaryOp.GeluGrad => a * (0.5 * (1 + Erf(b / Math.Sqrt(2))) + b * Math.Exp(-0.5 * b * b) / Math.Sqrt(2 * Math.PI)),
        BinaryOp.AddScaled => a + p0 * b,
        BinaryOp.ClampGrad => b >= p0 && b <= p1 ? a : 0,
        BinaryOp.LeakyReluGrad => b > 0 ? a : p0 * a,
        BinaryOp.EluGrad => b > 0 ? a : a * p0 * Math.Exp(b),
        BinaryOp.SoftplusGrad => p0 * b > p1 ? a : a / (1 + Math.Exp(-p0 * b)),
        _ => throw new ArgumentOutOfRangeException(nameof(op)),
    };

    // Tolerance: 2e-6 absolute + 2e-6 relative (device transcendental functions are within a few ulp).
    [BackendFact]
    public void Unary_EveryOp_MatchesReference()
    {
        var input = Random(1001, 1, -3f, 3f);
        var positive = input.Select(v => Math.Abs(v) + 0.1f).ToArray();
        using var a = Upload(input);
        using var ap = Upload(positive);
        foreach (var op in Enum.GetValues<UnaryOp>())
        {
            bool needsPositive = op is UnaryOp.Log or UnaryOp.Sqrt or UnaryOp.Rsqrt or UnaryOp.PowScalar;
            var x = needsPositive ? positive : input;
            float p0 = op switch
            {
                UnaryOp.Clamp => -0.5f,
                UnaryOp.PowScalar => 1.7f,
                UnaryOp.LeakyRelu => 0.01f,
                UnaryOp.Elu => 1.3f,
                UnaryOp.Softplus => 2f,
                UnaryOp.Affine => 1.5f,
                _ => 0f,
            };
            float p1 = op switch { UnaryOp.Clamp => 0.75f, UnaryOp.Softplus => 3f, UnaryOp.Affine => -0.25f, _ => 0f };
            using var output = Poisoned(x.Length);
            K.Unary(op, output, needsPositive ? ap : a, p0, p1);
            var expected = x.Select(v => (float)UnaryReference(op, v, p0, p1)).ToArray();
            AssertClose(expected, output.ToArray<float>(), 2e-6, 2e-6, op.ToString());
        }
    }

    [BackendFact]
    public void Binary_EveryOp_BroadcastsThroughZeroStrides()
    {
        // a [3, 1, 5] and b [1, 4, 5] broadcast to out [3, 4, 5].
        long[] shape = [3, 4, 5];
        var av = Random(15, 2, 0.2f, 2f);
        var bv = Random(20, 3, 0.2f, 2f);
        using var a = Upload(av);
        using var b = Upload(bv);
        var aView = new StridedView(0, [5, 0, 1]);
        var bView = new StridedView(0, [0, 5, 1]);
        foreach (var op in Enum.GetValues<BinaryOp>())
        {
            // parameters that put some b on each side of the ops' thresholds (b is in [0.2, 2])
            float p0 = op switch { BinaryOp.ClampGrad => 0.5f, BinaryOp.SoftplusGrad => 2f, BinaryOp.AddScaled => -0.7f, _ => 0.3f };
            float p1 = op switch { BinaryOp.ClampGrad => 1.5f, BinaryOp.SoftplusGrad => 2.5f, _ => 0f };
            using var output = Poisoned(60);
            K.Binary(op, output, StridedView.Contiguous(shape), a, aView, b, bView, shape, p0, p1);
            var expected = new float[60];
            for (int i = 0; i < 3; i++)
            {
                for (int j = 0; j < 4; j++)
                {
                    for (int k = 0; k < 5; k++)
                    {
                        expected[(i * 4 + j) * 5 + k] = (float)BinaryReference(op, av[i * 5 + k], bv[j * 5 + k], p0, p1);
                    }
                }
            }

            AssertClose(expected, output.ToArray<float>(), 2e-6, 2e-6, op.ToString());
        }
    }

    [BackendFact]
    public void Binary_NonContiguousViewsAndOffsets_ReadAndWriteTheRightElements()
    {
        // a: transpose of a [7, 5] matrix stored at offset 3 -> logical [5, 7] with strides [1, 5].
        // b: every other column of a [5, 14] matrix. out: a [5, 7] window at offset 2 of a [6, 9] buffer.
        var aData = Random(3 + 35, 4);
        var bData = Random(70, 5);
        using var a = Upload(aData);
        using var b = Upload(bData);
        var outData = Enumerable.Repeat(-7f, 54).ToArray();
        using var output = Upload(outData);
        long[] shape = [5, 7];
        K.Binary(BinaryOp.Sub, output, new StridedView(2, [9, 1]), a, new StridedView(3, [1, 5]), b, new StridedView(0, [14, 2]), shape);
        var expected = (float[])outData.Clone();
        for (int i = 0; i < 5; i++)
        {
            for (int j = 0; j < 7; j++)
            {
                expected[2 + i * 9 + j] = aData[3 + j * 5 + i] - bData[i * 14 + j * 2];
            }
        }

        AssertClose(expected, output.ToArray<float>(), 0, 0, "strided sub");
    }

    [BackendFact]
    public void CopyFillBroadcastScalarAndAddScaled_OnStridedViews_MatchReference()
    {
        // Copy a permuted [2, 3, 4] view (strides [1, 8, 2]) into a contiguous buffer: Contiguous().
        var src = Random(24, 6);
        using var s = Upload(src);
        using var dense = Poisoned(24);
        long[] shape = [2, 3, 4];
        K.Copy(dense, StridedView.Contiguous(shape), s, new StridedView(0, [1, 8, 2]), shape);
        var expected = new float[24];
        for (int i = 0; i < 2; i++)
        {
            for (int j = 0; j < 3; j++)
            {
                for (int k = 0; k < 4; k++)
                {
                    expected[(i * 3 + j) * 4 + k] = src[i + j * 8 + k * 2];
                }
            }
        }

        AssertClose(expected, dense.ToArray<float>(), 0, 0, "copy");

        // Fill only the odd elements; the even ones keep their values.
        using var filled = Upload(src);
        K.Fill(filled, new StridedView(1, [2]), [12], 9f);
        AssertClose(src.Select((v, i) => i % 2 == 1 ? 9f : v).ToArray(), filled.ToArray<float>(), 0, 0, "fill");

        // a scalar is a one-element buffer broadcast with stride 0
        using var one = Upload([1f]);
        using var reversed = Poisoned(24);
        K.Binary(BinaryOp.Sub, reversed, new StridedView(0, [1]), one, new StridedView(0, [0]), s, new StridedView(0, [1]), [24]);
        AssertClose(src.Select(v => 1f - v).ToArray(), reversed.ToArray<float>(), 0, 0, "1 - x");

        using var axpy = Poisoned(24);
        K.Binary(BinaryOp.AddScaled, axpy, new StridedView(0, [1]), s, new StridedView(0, [1]), dense, new StridedView(0, [1]), [24], -0.5f);
        AssertClose(src.Select((v, i) => v + -0.5f * expected[i]).ToArray(), axpy.ToArray<float>(), 1e-7, 1e-6, "a + alpha b");
    }
}
