using System.Buffers;
using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.Intrinsics;

namespace IlgpuNet.Kernels.Cpu;

/// <summary>
/// Row-major GEMM: C[m,n] = alpha * op(A)[m,k] @ op(B)[k,n] + beta * C[m,n], op = transpose when the flag is set.
/// lda/ldb/ldc are row strides in elements of the matrices as stored (A is k x m when transA).
/// beta == 0 overwrites C without reading it (NaN in C does not propagate), as BLAS does.
/// The work happens in <see cref="GemmBlocked{T, TV, TSimd}"/> (packing + register-blocked FMA micro-kernel);
/// this file checks arguments and splits the problem over <see cref="CpuParallel.Workers"/>.
/// </summary>
public static unsafe partial class Gemm
{
    /// <summary>Below this many multiply-adds (m*n*k) a GEMM runs on the calling thread: a hand-off costs ~10 us.</summary>
    public const long ParallelThreshold = 1L << 20;

    public static void Sgemm(bool transA, bool transB, int m, int n, int k, float alpha,
        ReadOnlySpan<float> a, int lda, ReadOnlySpan<float> b, int ldb, float beta, Span<float> c, int ldc)
        => Run(transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc, GemmFusion.None, default, 0);

    public static void Dgemm(bool transA, bool transB, int m, int n, int k, double alpha,
        ReadOnlySpan<double> a, int lda, ReadOnlySpan<double> b, int ldb, double beta, Span<double> c, int ldc)
        => Run(transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc, GemmFusion.None, default, 0);

    /// <summary>
    /// C = alpha * op(A') @ op(B') + beta * C, then C ⊙ [mask &gt; 0]: A' = max(A, 0) with <see cref="GemmFusion.RectifiedA"/>,
    /// B' likewise, the mask (m x n, row stride <paramref name="ldMask"/>) applied with <see cref="GemmFusion.PositiveMask"/>.
    /// </summary>
    public static void Fused<T>(bool transA, bool transB, int m, int n, int k, T alpha, ReadOnlySpan<T> a, int lda,
        ReadOnlySpan<T> b, int ldb, T beta, Span<T> c, int ldc, GemmFusion fusion, ReadOnlySpan<T> mask = default, int ldMask = 0)
        where T : unmanaged, IFloatingPointIeee754<T>
        => Run(transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc, fusion, mask, ldMask);

    /// <summary>batch independent GEMMs; matrix i of A starts at i * strideA (0 broadcasts one matrix).</summary>
    public static void SgemmStridedBatched(bool transA, bool transB, int m, int n, int k, float alpha,
        ReadOnlySpan<float> a, int lda, long strideA, ReadOnlySpan<float> b, int ldb, long strideB,
        float beta, Span<float> c, int ldc, long strideC, int batch)
        => RunBatched(transA, transB, m, n, k, alpha, a, lda, strideA, b, ldb, strideB, beta, c, ldc, strideC, batch);

    public static void DgemmStridedBatched(bool transA, bool transB, int m, int n, int k, double alpha,
        ReadOnlySpan<double> a, int lda, long strideA, ReadOnlySpan<double> b, int ldb, long strideB,
        double beta, Span<double> c, int ldc, long strideC, int batch)
        => RunBatched(transA, transB, m, n, k, alpha, a, lda, strideA, b, ldb, strideB, beta, c, ldc, strideC, batch);

    /// <summary>Reference triple loop; the yardstick the fast path is tested against.</summary>
    public static void Naive<T>(bool transA, bool transB, int m, int n, int k, T alpha,
        ReadOnlySpan<T> a, int lda, ReadOnlySpan<T> b, int ldb, T beta, Span<T> c, int ldc)
        where T : IFloatingPointIeee754<T>
    {
        for (int i = 0; i < m; i++)
        {
            for (int j = 0; j < n; j++)
            {
                T sum = T.Zero;
                for (int p = 0; p < k; p++)
                {
                    T av = transA ? a[p * lda + i] : a[i * lda + p];
                    T bv = transB ? b[j * ldb + p] : b[p * ldb + j];
                    sum += av * bv;
                }

                ref T cv = ref c[i * ldc + j];
                cv = T.IsZero(beta) ? alpha * sum : alpha * sum + beta * cv;
            }
        }
    }

    private static void Run<T>(bool transA, bool transB, int m, int n, int k, T alpha,
        ReadOnlySpan<T> a, int lda, ReadOnlySpan<T> b, int ldb, T beta, Span<T> c, int ldc,
        GemmFusion fusion, ReadOnlySpan<T> mask, int ldMask)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        CheckShapes(transA, transB, m, n, k, a.Length, lda, b.Length, ldb, c.Length, ldc, 1, 0, 0, 0);
        bool masked = fusion.HasFlag(GemmFusion.PositiveMask);
        if (masked && m > 0 && n > 0 && (ldMask < n || mask.Length < (long)(m - 1) * ldMask + n))
        {
            throw new ArgumentException($"mask holds {mask.Length} elements with row stride {ldMask}: too few for {m} x {n}", nameof(mask));
        }

        fixed (T* pa = a)
        fixed (T* pb = b)
        fixed (T* pc = c)
        fixed (T* pm = mask)
        {
            var fused = new GemmFusionState<T>(fusion.HasFlag(GemmFusion.RectifiedA), fusion.HasFlag(GemmFusion.RectifiedB),
                masked ? pm : null, ldMask);
            RunParallel(transA, transB, m, n, k, alpha, pa, lda, pb, ldb, beta, pc, ldc, fused);
        }
    }

    private static void RunBatched<T>(bool transA, bool transB, int m, int n, int k, T alpha,
        ReadOnlySpan<T> a, int lda, long strideA, ReadOnlySpan<T> b, int ldb, long strideB,
        T beta, Span<T> c, int ldc, long strideC, int batch)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        CheckShapes(transA, transB, m, n, k, a.Length, lda, b.Length, ldb, c.Length, ldc, batch, strideA, strideB, strideC);
        if (batch <= 0)
        {
            return;
        }

        fixed (T* pa = a)
        fixed (T* pb = b)
        fixed (T* pc = c)
        {
            long perMatrix = (long)m * n * Math.Max(k, 1);
            if (batch == 1 || perMatrix >= ParallelThreshold * CpuParallel.Workers)
            {
                // Big matrices: each GEMM uses every worker.
                for (int i = 0; i < batch; i++)
                {
                    RunParallel(transA, transB, m, n, k, alpha, pa + i * strideA, lda, pb + i * strideB, ldb,
                        beta, pc + i * strideC, ldc, GemmFusionState<T>.None);
                }

                return;
            }

            // Small matrices: workers take whole GEMMs (pointers travel as nint: lambdas cannot capture pointers).
            nint aAddr = (nint)pa, bAddr = (nint)pb, cAddr = (nint)pc;
            CpuParallel.For(batch, perMatrix, (start, end) =>
            {
                for (long i = start; i < end; i++)
                {
                    Single(transA, transB, m, n, k, alpha, (T*)aAddr + i * strideA, lda, (T*)bAddr + i * strideB, ldb,
                        beta, (T*)cAddr + i * strideC, ldc, GemmFusionState<T>.None);
                }
            });
        }
    }

    /// <summary>
    /// Splits C into one block per worker along n (tall B, the im2col case) or m, on micro-tile boundaries,
    /// so each worker packs only its own B panel (or A panels) and no worker waits on another. A GEMM whose k
    /// dwarfs m and n (a weight gradient over a large batch) splits k instead: per-worker partial products, summed.
    /// </summary>
    private static void RunParallel<T>(bool transA, bool transB, int m, int n, int k, T alpha,
        T* a, int lda, T* b, int ldb, T beta, T* c, int ldc, GemmFusionState<T> fused)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        long work = (long)m * n * Math.Max(k, 1);
        int workers = CpuParallel.Workers;
        if (workers <= 1 || work < ParallelThreshold || CpuParallel.IsInsideWorker)
        {
            Single(transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc, fused);
            return;
        }

        // (a mask applies to the finished sum, which a k split only has after adding the partial products)
        if (k >= SplitKRatio * (long)Math.Max(m, n) && (long)(workers - 1) * m * n <= MaxSplitKPartials && fused.Mask == null)
        {
            RunSplitK(transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc, workers, fused);
            return;
        }

        var (mr, nr) = TileShape<T>();
        int mTiles = (m + mr - 1) / mr, nTiles = (n + nr - 1) / nr;
        // n while each worker still gets a few micro-tiles of it, unless m is far larger (NeRF's 65536-row layers:
        // split by m, each worker's A micro-panels feed all of n; measured 83-99 % -> 104-112 % of OpenBLAS).
        bool splitN = nTiles >= mTiles || (nTiles >= 4 * workers && mTiles < 8 * nTiles);
        int tiles = splitN ? nTiles : mTiles;
        int chunks = Math.Min(workers, tiles);
        nint aAddr = (nint)a, bAddr = (nint)b, cAddr = (nint)c;
        CpuParallel.For(chunks, work / chunks, (start, end) =>
        {
            for (long chunk = start; chunk < end; chunk++)
            {
                int t0 = (int)(tiles * chunk / chunks), t1 = (int)(tiles * (chunk + 1) / chunks);
                T* pa = (T*)aAddr, pb = (T*)bAddr, pc = (T*)cAddr;
                if (splitN)
                {
                    int j0 = t0 * nr, j1 = Math.Min(n, t1 * nr);
                    Single(transA, transB, m, j1 - j0, k, alpha, pa, lda, transB ? pb + (long)j0 * ldb : pb + j0, ldb,
                        beta, pc + j0, ldc, fused.At(0, j0));
                }
                else
                {
                    int i0 = t0 * mr, i1 = Math.Min(m, t1 * mr);
                    Single(transA, transB, i1 - i0, n, k, alpha, transA ? pa + i0 : pa + (long)i0 * lda, lda, pb, ldb,
                        beta, pc + (long)i0 * ldc, ldc, fused.At(i0, 0));
                }
            }
        });
    }

    /// <summary>k at least this many times max(m, n) splits k across workers.</summary>
    private const int SplitKRatio = 16;

    /// <summary>Cap on the partial products' elements, so a split never needs a large temporary.</summary>
    private const long MaxSplitKPartials = 1L << 24;

    // C = alpha * op(A) @ op(B) + beta * C as sum over workers w of alpha * op(A)[:, K_w] @ op(B)[K_w, :]: worker 0
    // writes C itself (with beta), the others m x n partial products that are added afterwards.
    private static void RunSplitK<T>(bool transA, bool transB, int m, int n, int k, T alpha,
        T* a, int lda, T* b, int ldb, T beta, T* c, int ldc, int workers, GemmFusionState<T> fused)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int parts = (int)Math.Min(workers, k);
        T[] partials = ArrayPool<T>.Shared.Rent((parts - 1) * m * n); // <= MaxSplitKPartials
        try
        {
            fixed (T* pp = partials)
            {
                nint aAddr = (nint)a, bAddr = (nint)b, cAddr = (nint)c, pAddr = (nint)pp;
                CpuParallel.For(parts, (long)m * n * k / parts, (start, end) =>
                {
                    for (long part = start; part < end; part++)
                    {
                        int k0 = (int)(k * part / parts), k1 = (int)(k * (part + 1) / parts);
                        T* pa = (T*)aAddr + (transA ? (long)k0 * lda : k0);
                        T* pb = (T*)bAddr + (transB ? k0 : (long)k0 * ldb);
                        if (part == 0)
                        {
                            Single(transA, transB, m, n, k1 - k0, alpha, pa, lda, pb, ldb, beta, (T*)cAddr, ldc, fused);
                        }
                        else
                        {
                            Single(transA, transB, m, n, k1 - k0, alpha, pa, lda, pb, ldb, T.Zero,
                                (T*)pAddr + (part - 1) * m * n, n, fused);
                        }
                    }
                });

                for (int part = 1; part < parts; part++)
                {
                    for (int i = 0; i < m; i++)
                    {
                        var row = new Span<T>(c + (long)i * ldc, n);
                        TensorPrimitives.Add<T>(row, new ReadOnlySpan<T>(pp + ((long)(part - 1) * m + i) * n, n), row);
                    }
                }
            }
        }
        finally
        {
            ArrayPool<T>.Shared.Return(partials);
        }
    }

    /// <summary>One thread, one GEMM: the widest vector width the CPU runs natively.</summary>
    private static void Single<T>(bool transA, bool transB, int m, int n, int k, T alpha,
        T* a, int lda, T* b, int ldb, T beta, T* c, int ldc, GemmFusionState<T> fused)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (m == 0 || n == 0)
        {
            return;
        }

        if (k == 0 || T.IsZero(alpha))
        {
            ScaleC(m, n, beta, c, ldc);
            MaskC(m, n, c, ldc, fused);
            return;
        }

        if (Vector512.IsHardwareAccelerated)
        {
            GemmBlocked<T, Vector512<T>, Simd512<T>>.Serial(transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc, fused);
        }
        else
        {
            GemmBlocked<T, Vector256<T>, Simd256<T>>.Serial(transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc, fused);
        }
    }

    /// <summary>C ⊙ [mask &gt; 0] where a mask is fused (the empty-product paths, which never reach the micro-kernel).</summary>
    private static void MaskC<T>(int m, int n, T* c, int ldc, GemmFusionState<T> fused)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (int i = 0; fused.Mask != null && i < m; i++)
        {
            for (int j = 0; j < n; j++)
            {
                if (!(fused.Mask[(long)i * fused.LdMask + j] > T.Zero))
                {
                    c[(long)i * ldc + j] = T.Zero;
                }
            }
        }
    }

    /// <summary>Fraction of the multiply-adds an m x n product issues that land inside C (the rest fill partial tiles).</summary>
    internal static double TileUse<T>(int m, int n)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var (mr, nr) = TileShape<T>();
        return (double)m * n / ((long)(m + mr - 1) / mr * mr * ((long)(n + nr - 1) / nr * nr));
    }

    private static (int Mr, int Nr) TileShape<T>()
        where T : unmanaged, IFloatingPointIeee754<T>
        => Vector512.IsHardwareAccelerated
            ? (GemmBlocked<T, Vector512<T>, Simd512<T>>.MR, GemmBlocked<T, Vector512<T>, Simd512<T>>.NR)
            : (GemmBlocked<T, Vector256<T>, Simd256<T>>.MR, GemmBlocked<T, Vector256<T>, Simd256<T>>.NR);

    /// <summary>C = beta * C (alpha == 0 or k == 0); beta == 0 writes zeros without reading C.</summary>
    private static void ScaleC<T>(int m, int n, T beta, T* c, int ldc)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (int i = 0; i < m; i++)
        {
            var row = new Span<T>(c + (long)i * ldc, n);
            if (T.IsZero(beta))
            {
                row.Clear();
            }
            else
            {
                for (int j = 0; j < n; j++)
                {
                    row[j] *= beta;
                }
            }
        }
    }

    /// <summary>Every element the strides reach lies inside its span: the kernels read through raw pointers.</summary>
    private static void CheckShapes(bool transA, bool transB, int m, int n, int k, int aLength, int lda,
        int bLength, int ldb, int cLength, int ldc, int batch, long strideA, long strideB, long strideC)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(m);
        ArgumentOutOfRangeException.ThrowIfNegative(n);
        ArgumentOutOfRangeException.ThrowIfNegative(k);
        ArgumentOutOfRangeException.ThrowIfNegative(batch);
        if (m == 0 || n == 0 || batch == 0)
        {
            return;
        }

        if (k > 0)
        {
            Check("a", transA ? k : m, transA ? m : k, aLength, lda, batch, strideA);
            Check("b", transB ? n : k, transB ? k : n, bLength, ldb, batch, strideB);
        }

        Check("c", m, n, cLength, ldc, batch, strideC);

        static void Check(string name, int rows, int cols, int length, int ld, int batch, long stride)
        {
            if (ld < cols)
            {
                throw new ArgumentException($"ld{name} = {ld} is less than the row length {cols}.", "ld" + name);
            }

            if (stride < 0)
            {
                throw new ArgumentException($"stride of {name} is negative.", name);
            }

            long needed = (batch - 1) * stride + (long)(rows - 1) * ld + cols;
            if (needed > length)
            {
                throw new ArgumentException(
                    $"{name} holds {length} elements, {needed} needed for {batch} x [{rows}, {cols}] with ld {ld}.", name);
            }
        }
    }
}
