using IlgpuNet.Kernels.Cpu;

namespace IlgpuNet.Tests.Engine;

/// <summary>
/// The blocked, packed, multithreaded GEMM against <see cref="Gemm.Naive{T}"/> on awkward shapes.
/// Tolerance: both sides sum k products of inputs in [-1, 1] but in different orders (the fast path splits k into
/// blocks and uses FMA), so each result differs by at most ~k * eps * sum|a*b| &lt;= k^2 * eps in the worst case and
/// ~sqrt(k) * eps * sqrt(k) typically. We allow 4 * k * eps * (|alpha| + |beta|) absolute plus the same relative,
/// which is loose enough for any summation order and tight enough to catch one wrong or missing product (~0.1).
/// </summary>
public class GemmTests
{
    /// <summary>Unit roundoff of each type (2^-23, 2^-52).</summary>
    private const double SingleEps = 1.1920929e-7, DoubleEps = 2.220446049250313e-16;

    public static TheoryData<int, int, int> AwkwardShapes => new()
    {
        { 1, 1, 1 }, { 7, 7, 7 }, { 33, 33, 33 }, { 257, 257, 257 },
        { 1, 257, 33 }, { 257, 1, 33 }, { 33, 7, 257 }, { 13, 70, 300 }, { 25, 129, 1 },
    };

    [Theory]
    [MemberData(nameof(AwkwardShapes))]
    public void Sgemm_NoTranspose_MatchesNaive(int m, int n, int k) => CheckSingle(false, false, m, n, k);

    [Theory]
    [MemberData(nameof(AwkwardShapes))]
    public void Sgemm_TransposeA_MatchesNaive(int m, int n, int k) => CheckSingle(true, false, m, n, k);

    [Theory]
    [MemberData(nameof(AwkwardShapes))]
    public void Sgemm_TransposeB_MatchesNaive(int m, int n, int k) => CheckSingle(false, true, m, n, k);

    [Theory]
    [MemberData(nameof(AwkwardShapes))]
    public void Sgemm_TransposeBoth_MatchesNaive(int m, int n, int k) => CheckSingle(true, true, m, n, k);

    [Theory]
    [MemberData(nameof(AwkwardShapes))]
    public void Dgemm_AllTransposes_MatchNaive(int m, int n, int k)
    {
        foreach (var (ta, tb) in new[] { (false, false), (true, false), (false, true), (true, true) })
        {
            CheckDouble(ta, tb, m, n, k);
        }
    }

    [Fact]
    public void Sgemm_Size257AlphaBeta_MatchesNaive() => CheckSingle(true, true, 257, 257, 257, alpha: -0.5f, beta: 1.5f);

    [Fact]
    public void Sgemm_LeadingDimensionsLargerThanRows_MatchesNaive()
        => CheckSingle(false, true, 37, 45, 70, alpha: 2f, beta: -1f, padA: 5, padB: 9, padC: 3);

    [Fact]
    public void Sgemm_TransposeALeadingDimensions_MatchesNaive()
        => CheckSingle(true, false, 37, 45, 70, alpha: 1f, beta: 0.25f, padA: 11, padB: 1, padC: 17);

    [Fact]
    public void Dgemm_LeadingDimensionsAndBeta_MatchesNaive()
        => CheckDouble(true, true, 29, 71, 40, alpha: 0.75, beta: 2.0, padA: 3, padB: 4, padC: 5);

    [Fact]
    public void Sgemm_BetaZero_IgnoresNaNInC()
    {
        var c = CheckSingle(false, false, 50, 70, 40, alpha: 1f, beta: 0f, fillC: float.NaN);
        Assert.DoesNotContain(c, float.IsNaN);
    }

    [Fact]
    public void Dgemm_BetaZeroLargeK_IgnoresNaNInC()
    {
        // k > one k-block: later blocks accumulate, only the first may overwrite.
        var c = CheckDouble(true, false, 20, 33, 600, alpha: 1.0, beta: 0.0, fillC: double.NaN);
        Assert.DoesNotContain(c, double.IsNaN);
    }

    [Fact]
    public void Sgemm_AlphaZero_ScalesCByBeta()
    {
        var c = Enumerable.Repeat(2f, 12).ToArray();
        Gemm.Sgemm(false, false, 3, 4, 5, 0f, Random<float>(15, 1), 5, Random<float>(20, 2), 4, 0.5f, c, 4);
        Assert.All(c, v => Assert.Equal(1f, v));
    }

    [Fact]
    public void Sgemm_LargeParallel_MatchesNaive() => CheckSingle(false, false, 130, 515, 300, alpha: 1f, beta: 1f);

    [Fact]
    public void Sgemm_TallSkinnyParallelOverM_MatchesNaive() => CheckSingle(true, true, 600, 20, 150, alpha: 1f, beta: 0f);

    // k >= 16 max(m, n): partial products over k ranges; beta must scale C once, not once per part.
    [Theory]
    [InlineData(false, false)]
    [InlineData(true, false)]
    [InlineData(false, true)]
    [InlineData(true, true)]
    public void Sgemm_LongKSplitAcrossWorkers_MatchesNaive(bool transA, bool transB)
        => CheckSingle(transA, transB, 37, 45, 4099, alpha: 0.75f, beta: -1.25f, padA: 2, padB: 1, padC: 3);

    // Rectified operands and a positive mask on C: the fused GEMM equals Naive on relu(A), relu(B), then C ⊙ [mask > 0],
    // over single and parallel runs (split by n, by m), several k blocks, the k split (rectified, unmasked), edge tiles.
    [Theory]
    [InlineData(false, false, 37, 45, 70, GemmFusion.RectifiedA | GemmFusion.PositiveMask)]
    [InlineData(true, false, 37, 45, 70, GemmFusion.RectifiedB | GemmFusion.PositiveMask)]
    [InlineData(false, true, 130, 515, 300, GemmFusion.RectifiedA | GemmFusion.RectifiedB | GemmFusion.PositiveMask)]
    [InlineData(true, true, 600, 20, 150, GemmFusion.RectifiedA | GemmFusion.PositiveMask)]
    [InlineData(false, false, 601, 33, 257, GemmFusion.PositiveMask)]
    [InlineData(true, false, 37, 45, 4099, GemmFusion.RectifiedA | GemmFusion.RectifiedB)]
    [InlineData(true, false, 37, 45, 4099, GemmFusion.RectifiedB | GemmFusion.PositiveMask)]
    public void Fused_RectifiedOperandsAndMask_MatchNaiveOnRectifiedInputs(bool transA, bool transB, int m, int n, int k, GemmFusion fusion)
    {
        int lda = (transA ? m : k) + 2, ldb = (transB ? k : n) + 1, ldc = n + 3, ldMask = n + 5;
        var a = Random<float>((transA ? k : m) * lda, 1);
        var b = Random<float>((transB ? n : k) * ldb, 2);
        var mask = Random<float>(m * ldMask, 3);
        var actual = Random<float>(m * ldc, 4);
        var expected = (float[])actual.Clone();
        Gemm.Fused(transA, transB, m, n, k, 0.75f, a, lda, b, ldb, 0.5f, actual, ldc, fusion, mask, ldMask);

        float[] Rectified(float[] x, bool on) => on ? x.Select(v => Math.Max(v, 0f)).ToArray() : x;
        Gemm.Naive(transA, transB, m, n, k, 0.75f, Rectified(a, fusion.HasFlag(GemmFusion.RectifiedA)), lda,
            Rectified(b, fusion.HasFlag(GemmFusion.RectifiedB)), ldb, 0.5f, expected, ldc);
        for (int i = 0; fusion.HasFlag(GemmFusion.PositiveMask) && i < m; i++)
        {
            for (int j = 0; j < n; j++)
            {
                expected[i * ldc + j] = mask[i * ldMask + j] > 0 ? expected[i * ldc + j] : 0f;
            }
        }

        AssertClose(expected, actual, k, 1.25, SingleEps);
    }

    [Fact]
    public void Fused_MaskTooShort_Throws()
        => Assert.Throws<ArgumentException>(() => Gemm.Fused(false, false, 4, 4, 4, 1f, new float[16], 4, new float[16], 4, 0f,
            new float[16], 4, GemmFusion.PositiveMask, new float[15], 4));

    [Fact]
    public void Sgemm_SpanTooShort_Throws()
        => Assert.Throws<ArgumentException>(() => Gemm.Sgemm(false, false, 4, 4, 4, 1f, new float[15], 4, new float[16], 4, 0f, new float[16], 4));

    [Theory]
    [InlineData(false, false, 3)]
    [InlineData(true, true, 3)]
    [InlineData(false, true, 1)]
    public void SgemmStridedBatched_MatchesNaivePerMatrix(bool transA, bool transB, int batch)
        => CheckBatched(transA, transB, 17, 40, 23, batch, broadcastA: false, broadcastB: false);

    [Fact]
    public void SgemmStridedBatched_StrideZeroBroadcastsA_MatchesNaive()
        => CheckBatched(false, false, 9, 33, 65, 5, broadcastA: true, broadcastB: false);

    [Fact]
    public void SgemmStridedBatched_StrideZeroBroadcastsB_MatchesNaive()
        => CheckBatched(true, false, 64, 64, 64, 6, broadcastA: false, broadcastB: true);

    [Fact]
    public void DgemmStridedBatched_ManySmallMatrices_MatchesNaive()
    {
        const int m = 5, n = 6, k = 7, batch = 40;
        var a = Random<double>(batch * m * k, 1);
        var b = Random<double>(k * n, 2);
        var c = Random<double>(batch * m * n, 3);
        var expected = (double[])c.Clone();
        Gemm.DgemmStridedBatched(false, false, m, n, k, 1.0, a, k, m * k, b, n, 0, 0.5, c, n, m * n, batch);
        for (int i = 0; i < batch; i++)
        {
            Gemm.Naive(false, false, m, n, k, 1.0, a.AsSpan(i * m * k), k, b, n, 0.5, expected.AsSpan(i * m * n), n);
        }

        AssertClose(expected, c, k, 1.5, DoubleEps);
    }

    private static void CheckBatched(bool transA, bool transB, int m, int n, int k, int batch, bool broadcastA, bool broadcastB)
    {
        int lda = (transA ? m : k) + 2, ldb = (transB ? k : n) + 1, ldc = n + 3;
        int aSize = (transA ? k : m) * lda, bSize = (transB ? n : k) * ldb, cSize = m * ldc;
        long strideA = broadcastA ? 0 : aSize, strideB = broadcastB ? 0 : bSize;
        var a = Random<float>(broadcastA ? aSize : batch * aSize, 1);
        var b = Random<float>(broadcastB ? bSize : batch * bSize, 2);
        var c = Random<float>(batch * cSize, 3);
        var expected = (float[])c.Clone();
        Gemm.SgemmStridedBatched(transA, transB, m, n, k, 1.25f, a, lda, strideA, b, ldb, strideB, -0.5f, c, ldc, cSize, batch);
        for (int i = 0; i < batch; i++)
        {
            Gemm.Naive(transA, transB, m, n, k, 1.25f, a.AsSpan((int)(i * strideA)), lda, b.AsSpan((int)(i * strideB)), ldb,
                -0.5f, expected.AsSpan(i * cSize), ldc);
        }

        AssertClose(expected, c, k, 1.75, SingleEps);
    }

    private static float[] CheckSingle(bool transA, bool transB, int m, int n, int k, float alpha = 1f, float beta = 0f,
        int padA = 0, int padB = 0, int padC = 0, float fillC = 0.5f)
    {
        var (expected, actual) = Compare<float>(transA, transB, m, n, k, alpha, beta, padA, padB, padC, fillC,
            (a, lda, b, ldb, c, ldc) => Gemm.Sgemm(transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc));
        AssertClose(expected, actual, k, Math.Abs(alpha) + Math.Abs(beta), SingleEps);
        return actual;
    }

    private static double[] CheckDouble(bool transA, bool transB, int m, int n, int k, double alpha = 1, double beta = 0,
        int padA = 0, int padB = 0, int padC = 0, double fillC = 0.5)
    {
        var (expected, actual) = Compare<double>(transA, transB, m, n, k, alpha, beta, padA, padB, padC, fillC,
            (a, lda, b, ldb, c, ldc) => Gemm.Dgemm(transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc));
        AssertClose(expected, actual, k, Math.Abs(alpha) + Math.Abs(beta), DoubleEps);
        return actual;
    }

    private delegate void GemmCall<T>(T[] a, int lda, T[] b, int ldb, T[] c, int ldc);

    /// <summary>Runs the fast path and Naive on the same random inputs; padding columns of C must stay untouched.</summary>
    private static (T[] Expected, T[] Actual) Compare<T>(bool transA, bool transB, int m, int n, int k, T alpha, T beta,
        int padA, int padB, int padC, T fillC, GemmCall<T> fast)
        where T : System.Numerics.IFloatingPointIeee754<T>
    {
        int lda = (transA ? m : k) + padA, ldb = (transB ? k : n) + padB, ldc = n + padC;
        var a = Random<T>((transA ? k : m) * lda, 1);
        var b = Random<T>((transB ? n : k) * ldb, 2);
        var actual = Enumerable.Repeat(fillC, m * ldc).ToArray();
        for (int i = 0; i < m; i++)
        {
            for (int j = n; j < ldc; j++)
            {
                actual[i * ldc + j] = T.CreateTruncating(42.0); // sentinel in the ldc padding
            }
        }

        var expected = (T[])actual.Clone();
        fast(a, lda, b, ldb, actual, ldc);
        Gemm.Naive(transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, expected, ldc);
        return (expected, actual);
    }

    private static void AssertClose<T>(T[] expected, T[] actual, int k, double scale, double eps)
        where T : System.Numerics.IFloatingPointIeee754<T>
    {
        double tolerance = 4 * Math.Max(k, 1) * eps * Math.Max(scale, 1);
        for (int i = 0; i < expected.Length; i++)
        {
            double e = double.CreateTruncating(expected[i]), x = double.CreateTruncating(actual[i]);
            double error = Math.Abs(e - x);
            Assert.True(error <= tolerance * (1 + Math.Abs(e)),
                $"element {i}: expected {e}, got {x}, |error| {error:E2} > {tolerance:E2} * (1 + |expected|)");
        }
    }

    private static T[] Random<T>(int length, int seed)
        where T : System.Numerics.IFloatingPointIeee754<T>
    {
        var rng = new Random(seed);
        var data = new T[length];
        for (int i = 0; i < length; i++)
        {
            data[i] = T.CreateTruncating(rng.NextDouble() * 2 - 1);
        }

        return data;
    }
}
