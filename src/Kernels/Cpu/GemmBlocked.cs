using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace IlgpuNet.Kernels.Cpu;

/// <summary>
/// GotoBLAS/BLIS-style blocked GEMM over raw pointers, row-major, for one register width.
///
///   for jc in n step NC                      B panel  Bp[kc, nc]  packed once, stays in L2 (~512 KiB)
///     for pc in k step KC                    (pc &gt; 0 accumulates into C: beta becomes 1)
///       pack Bp = op(B)[pc:pc+kc, jc:jc+nc]  as NR-wide k-major micro-panels
///       for ic in m step MR                  A micro-panel Ap[MR, kc] packed k-major, stays in L1 (~12 KiB)
///         for jr in nc step NR               Bp micro-panel streams from L2
///           micro-kernel C[ic:+MR, jc+jr:+NR] (+)= alpha * Ap @ Bp[:, jr:+NR]
///
/// Packing reads all four transpose combinations, so the micro-kernel sees one layout. A fused rectifier
/// (<see cref="GemmFusion"/>) applies as A or B is packed, a fused mask as the last k block stores C.
/// </summary>
internal static unsafe class GemmBlocked<T, TV, TSimd>
    where T : unmanaged, IFloatingPointIeee754<T>
    where TV : struct
    where TSimd : struct, ISimd<TV, T>
{
    /// <summary>Micro-tile height: 12 x 2 ZMM accumulators of 32 registers, 6 x 2 YMM of 16.</summary>
    public static readonly int MR = TSimd.Width * Unsafe.SizeOf<T>() == 64 ? 12 : 6;

    /// <summary>Micro-tile width: two vectors.</summary>
    public static int NR => 2 * TSimd.Width;

    /// <summary>k block: Ap (MR x KC) is 12 KiB of the 48 KiB L1 for fp32 with ZMM.</summary>
    public static int KC = ReadTuning("KC", 256);

    /// <summary>n block: Bp (KC x NC) about half of the 1 MiB per-core L2.</summary>
    public static int NC = ReadTuning("NC", 512 * 1024 / Unsafe.SizeOf<T>() / 256);

    [ThreadStatic] private static T[]? packA;
    [ThreadStatic] private static T[]? packB;

    private static int ReadTuning(string name, int fallback)
        => int.TryParse(Environment.GetEnvironmentVariable("ILGPUNET_GEMM_" + name), out var v) && v > 0 ? v : fallback;

    /// <summary>One thread's share: C[m, n] = alpha * op(A)[m, k] @ op(B)[k, n] + beta * C, pointers already offset.</summary>
    public static void Serial(bool transA, bool transB, int m, int n, int k, T alpha,
        T* a, int lda, T* b, int ldb, T beta, T* c, int ldc, GemmFusionState<T> fused)
    {
        int mr = MR, nr = NR;
        int kcMax = KBlock(k);
        int nBlocks = (n + NC - 1) / NC;
        int ncMax = RoundUp((n + nBlocks - 1) / nBlocks, nr);

        T* bufA = Buffer(ref packA, mr * kcMax);
        T* bufB = Buffer(ref packB, kcMax * ncMax);
        bool betaIsZero = T.IsZero(beta);

        for (int jc = 0; jc < n; jc += ncMax)
        {
            int nc = Math.Min(ncMax, n - jc);
            for (int pc = 0; pc < k; pc += kcMax)
            {
                int kc = Math.Min(kcMax, k - pc);
                PackB(transB, b, ldb, pc, kc, jc, nc, bufB, fused.RectifyB);
                bool overwrite = pc == 0 && betaIsZero;
                T betaNow = pc == 0 ? beta : T.One;
                bool lastK = pc + kc >= k;
                for (int ic = 0; ic < m; ic += mr)
                {
                    int rows = Math.Min(mr, m - ic);
                    PackA(transA, a, lda, ic, rows, pc, kc, bufA, fused.RectifyA);
                    T* cRow = c + (long)ic * ldc + jc;
                    T* maskRow = lastK && fused.Mask != null ? fused.Mask + (long)ic * fused.LdMask + jc : null;
                    for (int jr = 0; jr < nc; jr += nr)
                    {
                        GemmMicroKernel<T, TV, TSimd>.Run(rows, Math.Min(nr, nc - jr), kc, bufA, mr,
                            bufB + (long)jr * kc, cRow + jr, ldc, alpha, betaNow, overwrite,
                            maskRow == null ? null : maskRow + jr, fused.LdMask);
                    }
                }
            }
        }
    }

    /// <summary>Largest k block: even blocks of at most KC, so k = 300 runs as 150 + 150, not 256 + 44.</summary>
    private static int KBlock(int k)
    {
        int kBlocks = (k + KC - 1) / KC;
        return (k + kBlocks - 1) / kBlocks;
    }

    /// <summary>Elements of A (m x k) packed whole by <see cref="PackWholeA"/>.</summary>
    public static long PackedALength(int m, int k) => (long)RoundUp(m, MR) * k;

    /// <summary>
    /// Packs all of A (m x k, row-major) once, for a matrix that meets many B's (a convolution's transformed filter):
    /// k block by k block, each as the MR-row micro-panels <see cref="Serial"/> would pack one at a time.
    /// </summary>
    public static void PackWholeA(T* a, int lda, int m, int k, T* dst)
    {
        int mr = MR, kcMax = KBlock(k), mPadded = RoundUp(m, mr);
        for (int pc = 0; pc < k; pc += kcMax)
        {
            int kc = Math.Min(kcMax, k - pc);
            for (int ic = 0; ic < m; ic += mr)
            {
                PackA(false, a, lda, ic, Math.Min(mr, m - ic), pc, kc, dst + (long)mPadded * pc + (long)ic * kc, false);
            }
        }
    }

    /// <summary>
    /// C[m, panels * NR] = A @ B on one thread, with A from <see cref="PackWholeA"/> and B already in packed form: panel
    /// j holds columns [j * NR, (j + 1) * NR) as k rows of NR (B[p, j * NR + q] at bPanels[(j * k + p) * NR + q]).
    /// </summary>
    public static void MultiplyPacked(int m, int panels, int k, T* packedA, T* bPanels, T* c, int ldc)
    {
        int mr = MR, nr = NR, kcMax = KBlock(k), mPadded = RoundUp(m, mr);
        for (int pc = 0; pc < k; pc += kcMax)
        {
            int kc = Math.Min(kcMax, k - pc);
            for (int ic = 0; ic < m; ic += mr)
            {
                T* ap = packedA + (long)mPadded * pc + (long)ic * kc;
                for (int panel = 0; panel < panels; panel++)
                {
                    GemmMicroKernel<T, TV, TSimd>.Run(Math.Min(mr, m - ic), nr, kc, ap, mr, bPanels + ((long)panel * k + pc) * nr,
                        c + (long)ic * ldc + panel * nr, ldc, T.One, pc == 0 ? T.Zero : T.One, pc == 0);
                }
            }
        }
    }

    /// <summary>Bp[panel][p, j] = op(B)[pc + p, jc + panel * NR + j] (max(·, 0) if rectified), zero beyond n so edge lanes stay finite.</summary>
    private static void PackB(bool transB, T* b, int ldb, int pc, int kc, int jc, int nc, T* dst, bool rectify)
    {
        int nr = NR, w = TSimd.Width;
        int fullPanels = transB ? 0 : nc / nr;
        if (fullPanels > 0)
        {
            // B[k, n]: walk B row by row (one sequential stream per k row, friendly to the prefetcher and the
            // TLB when rows are far apart) and deal each row's NR-wide pieces out to the full panels.
            for (int p = 0; p < kc; p++)
            {
                T* src = b + (long)(pc + p) * ldb + jc;
                T* row = dst + (long)p * nr;
                for (int panel = 0; panel < fullPanels; panel++, src += nr, row += (long)nr * kc)
                {
                    TV left = TSimd.Load(src), right = TSimd.Load(src + w);
                    TSimd.Store(rectify ? TSimd.Max(left, TSimd.Zero) : left, row);
                    TSimd.Store(rectify ? TSimd.Max(right, TSimd.Zero) : right, row + w);
                }
            }
        }

        for (int jr = fullPanels * nr; jr < nc; jr += nr)
        {
            int cols = Math.Min(nr, nc - jr);
            T* panel = dst + (long)jr * kc;
            if (!transB)
            {
                // B[k, n], the last, partial panel: zero beyond n.
                T* src = b + (long)pc * ldb + jc + jr;
                for (int p = 0; p < kc; p++, src += ldb, panel += nr)
                {
                    for (int j = 0; j < nr; j++)
                    {
                        panel[j] = j < cols ? Rectified(src[j], rectify) : T.Zero;
                    }
                }
            }
            else
            {
                // B stored [n, k]: a strided transpose of its rows (register 8x8 blocks for float32; scalar copies
                // cost as much as the FMAs when m is small, e.g. conv dW = dY @ cols^T); a last, partial panel is
                // zero beyond n.
                BlockTranspose.Run(b + (long)(jc + jr) * ldb + pc, ldb, panel, nr, cols, kc, T.Zero, rectify);
                for (int p = 0; cols < nr && p < kc; p++)
                {
                    new Span<T>(panel + (long)p * nr + cols, nr - cols).Clear();
                }
            }
        }
    }

    /// <summary>Ap[p, r] = op(A)[ic + r, pc + p] (max(·, 0) if rectified) for r &lt; rows, row stride MR.</summary>
    private static void PackA(bool transA, T* a, int lda, int ic, int rows, int pc, int kc, T* dst, bool rectify)
    {
        int mr = MR;
        if (!transA)
        {
            // A[m, k]: the panel is the transpose of rows [ic, ic + rows) over [pc, pc + kc), through register
            // transposes for float32 (scattering each row down the panel one element at a time held NeRF's 65536-row
            // GEMMs to 88-96 % of OpenBLAS on one thread; 105-112 % with the transposes).
            BlockTranspose.Run(a + (long)ic * lda + pc, lda, dst, mr, rows, kc, T.Zero, rectify);
        }
        else
        {
            // A stored [k, m]: each p already holds the panel's rows side by side (a full panel: one block copy).
            T* src = a + (long)pc * lda + ic;
            uint panelBytes = (uint)(mr * Unsafe.SizeOf<T>());
            for (int p = 0; p < kc; p++, src += lda)
            {
                T* d = dst + (long)p * mr;
                if (rows == mr && !rectify)
                {
                    Unsafe.CopyBlockUnaligned(d, src, panelBytes);
                    continue;
                }

                for (int r = 0; r < rows; r++)
                {
                    d[r] = Rectified(src[r], rectify);
                }
            }
        }
    }

    private static int RoundUp(int x, int multiple) => (x + multiple - 1) / multiple * multiple;

    // max(x, 0) when rectifying; NaN stays NaN, as a ReLU pass would leave it
    private static T Rectified(T x, bool rectify) => rectify && x < T.Zero ? T.Zero : x;

    /// <summary>Per-thread pinned buffer, 64-byte aligned, grown on demand and reused across calls.</summary>
    private static T* Buffer(ref T[]? store, int length)
    {
        int pad = 64 / Unsafe.SizeOf<T>();
        if (store is null || store.Length < length + pad)
        {
            store = GC.AllocateUninitializedArray<T>(length + pad, pinned: true);
        }

        nint address = (nint)Unsafe.AsPointer(ref store[0]);
        return (T*)((address + 63) & ~(nint)63);
    }
}
