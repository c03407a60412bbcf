using IlgpuNet.Kernels;
using IlgpuNet.Kernels.Cpu;

namespace IlgpuNet.Tests.Device;

public abstract partial class KernelParityTests
{
    // [outer 3, reduce 300 (more than one 256-thread pass), inner 5]. Sum tolerance 1e-5 abs + 1e-5 rel; max exact.
    [BackendFact]
    public void Reduce_SumMeanMaxAlongMiddleDim_MatchReference()
    {
        const int outer = 3, reduce = 300, inner = 5;
        var x = Random(outer * reduce * inner, 10);
        x[(1 * reduce + 77) * inner + 2] = 5f;  // a known argmax
        x[(1 * reduce + 201) * inner + 2] = 5f; // a later tie: the first index wins
        using var input = Upload(x);
        using var sum = Poisoned(outer * inner);
        using var mean = Poisoned(outer * inner);
        using var max = Poisoned(outer * inner);
        using var indices = K.Backend.Allocate(DType.Int64, outer * inner);
        K.ReduceSum(sum, input, outer, reduce, inner);
        K.ReduceMean(mean, input, outer, reduce, inner);
        K.ReduceMax(max, indices, input, outer, reduce, inner);
        var eSum = new double[outer * inner];
        var eMax = new float[outer * inner];
        var eArg = new long[outer * inner];
        for (int o = 0; o < outer; o++)
        {
            for (int i = 0; i < inner; i++)
            {
                float best = float.NegativeInfinity;
                for (int r = 0; r < reduce; r++)
                {
                    float v = x[(o * reduce + r) * inner + i];
                    eSum[o * inner + i] += v;
                    if (v > best)
                    {
                        best = v;
                        eArg[o * inner + i] = r;
                    }
                }

                eMax[o * inner + i] = best;
            }
        }

        AssertClose(eSum, sum.ToArray<float>(), 1e-5, 1e-5, "sum");
        AssertClose(eSum.Select(v => v / reduce).ToArray(), mean.ToArray<float>(), 1e-6, 1e-5, "mean");
        AssertClose(eMax, max.ToArray<float>(), 0, 0, "max");
        Assert.Equal(eArg, indices.ToArray<long>());
        Assert.Equal(77, eArg[1 * inner + 2]);

        var gradOut = Random(outer * inner, 11);
        using var g = Upload(gradOut);
        using var gradIn = Poisoned(x.Length);
        K.ReduceMaxBackward(gradIn, g, indices, outer, reduce, inner);
        var expected = new float[x.Length];
        for (int o = 0; o < outer; o++)
        {
            for (int i = 0; i < inner; i++)
            {
                expected[(o * reduce + (int)eArg[o * inner + i]) * inner + i] = gradOut[o * inner + i];
            }
        }

        AssertClose(expected, gradIn.ToArray<float>(), 0, 0, "max backward");
        K.ReduceSumBackward(gradIn, g, outer, reduce, inner, 0.5f);
        var expectedSum = new float[x.Length];
        for (int j = 0; j < x.Length; j++)
        {
            expectedSum[j] = 0.5f * gradOut[(j / (reduce * inner)) * inner + j % inner];
        }

        AssertClose(expectedSum, gradIn.ToArray<float>(), 0, 0, "sum backward");
    }

    // 33 x 17 x 65 (not multiples of the 64x64 tile or the 8x8 thread block, and two 32-deep slices and a remainder),
    // every transpose pair, alpha/beta, with the tiled kernel and the direct one. Tolerance 1e-5 abs + 1e-4 rel against
    // Gemm.Naive in float (both sum 65 products; only the order differs).
    [BackendTheory]
    [InlineData(true)]
    [InlineData(false)]
    public void Sgemm_AllTransposes_OddSizes_MatchNaive(bool tiled)
    {
        const int m = 33, n = 17, k = 65;
        foreach (var (transA, transB) in new[] { (false, false), (true, false), (false, true), (true, true) })
        {
            int lda = transA ? m + 3 : k + 2, ldb = transB ? k + 1 : n + 4, ldc = n + 5;  // padded leading dims
            var a = Random((transA ? k : m) * lda, 20);
            var b = Random((transB ? n : k) * ldb, 21);
            var c0 = Random(m * ldc, 22);
            using var da = Upload(a);
            using var db = Upload(b);
            foreach (var (alpha, beta) in new[] { (1f, 0f), (0.7f, 0.3f) })
            {
                var expected = beta == 0 ? Enumerable.Repeat(float.NaN, m * ldc).ToArray() : (float[])c0.Clone();
                using var dc = Upload(expected);
                Gemm.Naive(transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, expected, ldc);
                K.SgemmStridedBatched(transA, transB, m, n, k, alpha, da, lda, 0, db, ldb, 0, beta, dc, ldc, 0, 1, tiled: tiled);
                var actual = dc.ToArray<float>();
                for (int i = 0; i < m; i++)
                {
                    AssertClose(expected.AsSpan(i * ldc, n), actual.AsSpan(i * ldc, n), 1e-5, 1e-4, $"gemm tiled={tiled} tA={transA} tB={transB} beta={beta} row {i}");
                }
            }
        }
    }

    [BackendTheory]
    [InlineData(true)]
    [InlineData(false)]
    public void SgemmStridedBatched_BroadcastAAndOffsets_MatchNaive(bool tiled)
    {
        // out[b] = W[7, 70] @ X[b][70, 9] for 3 batches, W shared (stride 0): the conv-as-GEMM pattern.
        const int m = 7, n = 9, k = 70, batch = 3;
        var w = Random(5 + m * k, 23);  // starts at offset 5
        var x = Random(batch * k * n, 24);
        using var dw = Upload(w);
        using var dx = Upload(x);
        using var dout = Poisoned(2 + batch * m * n);
        K.SgemmStridedBatched(false, false, m, n, k, 1f, dw, k, 0, dx, n, k * n, 0f, dout, n, m * n, batch, aOffset: 5, cOffset: 2, tiled: tiled);
        var expected = new float[batch * m * n];
        for (int bi = 0; bi < batch; bi++)
        {
            Gemm.Naive(false, false, m, n, k, 1f, w.AsSpan(5), k, x.AsSpan(bi * k * n), n, 0f, expected.AsSpan(bi * m * n), n);
        }

        AssertClose(expected, dout.ToArray<float>().AsSpan(2), 1e-5, 1e-4, $"batched gemm tiled={tiled}");
    }
}
