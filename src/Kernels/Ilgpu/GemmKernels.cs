using ILGPU;

namespace IlgpuNet.Kernels.Ilgpu;

/// <summary>
/// Row-major SGEMM, the device twin of Cpu.Gemm.SgemmStridedBatched (see <see cref="GemmProblem"/>):
///   C[m, n] = alpha * op(A)[m, k] @ op(B)[k, n] + beta * C[m, n], matrix z of the batch on grid Z
/// A is [m, k] (or [k, m] when transposed), B is [k, n] (or [n, k]); beta == 0 overwrites C without reading it.
/// Tiling: one 64×64 tile of C per group of 8×8 threads; each thread keeps an 8×8 block of C in registers
/// (<see cref="Float8x8"/>), and the group stages 32-deep slices of A and B in shared memory, so every element loaded
/// from global memory is used 64 times. Thread (tx, ty) owns rows ty + 8i and columns tx + 8j, so neighbouring threads
/// read neighbouring shared addresses. Launch: grid (ceil(n/64), ceil(m/64), batch), group (8, 8).
/// <see cref="SgemmDirect"/> computes the same product without groups: where groups are simulated (ILGPU's CPU
/// accelerator runs each group thread as an OS thread and each barrier switches all of them) shared memory buys
/// nothing and the tiled kernel's barriers dominate; the tests run both.
/// </summary>
public static class GemmKernels
{
    public const int Tile = 64;
    public const int SliceDepth = 32;
    public const int ThreadsPerSide = 8;

    // +1 column of padding keeps the transposed stores into shared memory off one bank.
    private const int TileStride = Tile + 1;
    private const int Threads = ThreadsPerSide * ThreadsPerSide;

    public static void Sgemm(ArrayView<float> a, ArrayView<float> b, ArrayView<float> c, GemmProblem p)
    {
        var aSlice = SharedMemory.Allocate<float>(SliceDepth * TileStride);  // aSlice[kk * TileStride + row]
        var bSlice = SharedMemory.Allocate<float>(SliceDepth * TileStride);  // bSlice[kk * TileStride + col]
        int tx = Group.IdxX, ty = Group.IdxY, tid = ty * ThreadsPerSide + tx;
        int row0 = Grid.IdxY * Tile, col0 = Grid.IdxX * Tile;
        long aBase = p.AOffset + Grid.IdxZ * p.StrideA, bBase = p.BOffset + Grid.IdxZ * p.StrideB, cBase = p.COffset + Grid.IdxZ * p.StrideC;

        var acc = default(Float8x8);
        for (int k0 = 0; k0 < p.K; k0 += SliceDepth)
        {
            // 64×32 elements of each operand, 32 per thread; outside the matrices they load as 0
            for (int e = tid; e < Tile * SliceDepth; e += Threads)
            {
                int r = e / SliceDepth, kk = e % SliceDepth;  // A(row0 + r, k0 + kk): consecutive threads, consecutive k
                int gr = row0 + r, gk = k0 + kk;
                float v = 0f;
                if (gr < p.M && gk < p.K)
                {
                    v = p.TransA != 0 ? a[aBase + (long)gk * p.Lda + gr] : a[aBase + (long)gr * p.Lda + gk];
                }

                aSlice[kk * TileStride + r] = v;

                int kb = e / Tile, cc = e % Tile;  // B(k0 + kb, col0 + cc): consecutive threads, consecutive columns
                int gkb = k0 + kb, gc = col0 + cc;
                float w = 0f;
                if (gkb < p.K && gc < p.N)
                {
                    w = p.TransB != 0 ? b[bBase + (long)gc * p.Ldb + gkb] : b[bBase + (long)gkb * p.Ldb + gc];
                }

                bSlice[kb * TileStride + cc] = w;
            }

            Group.Barrier();
            for (int kk = 0; kk < SliceDepth; kk++)
            {
                acc.AddOuterProduct(Strip(aSlice, kk * TileStride + ty), Strip(bSlice, kk * TileStride + tx));
            }

            Group.Barrier();
        }

        for (int i = 0; i < ThreadsPerSide; i++)
        {
            int gr = row0 + ty + i * ThreadsPerSide;
            if (gr >= p.M)
            {
                continue;
            }

            var row = acc.Row(i);
            for (int j = 0; j < ThreadsPerSide; j++)
            {
                int gc = col0 + tx + j * ThreadsPerSide;
                if (gc < p.N)
                {
                    long at = cBase + (long)gr * p.Ldc + gc;
                    c[at] = p.Beta == 0f ? p.Alpha * row[j] : p.Alpha * row[j] + p.Beta * c[at];
                }
            }
        }
    }

    /// <summary>
    /// The same product without groups working together: each thread takes 8×8 blocks of C (grid-stride over batch ×
    /// row blocks × column blocks) and reads its 8 values of A and of B per k straight from memory: no shared memory, no
    /// barriers, still 64 multiply-adds per 16 loads.
    /// </summary>
    public static void SgemmDirect(ArrayView<float> a, ArrayView<float> b, ArrayView<float> c, GemmProblem p, int batch)
    {
        const int side = ThreadsPerSide;
        int rowBlocks = (p.M + side - 1) / side, columnBlocks = (p.N + side - 1) / side;
        long blocks = (long)batch * rowBlocks * columnBlocks;
        long aRow = p.TransA != 0 ? 1 : p.Lda, aDepth = p.TransA != 0 ? p.Lda : 1;  // A(i, k) = a[i * aRow + k * aDepth]
        long bColumn = p.TransB != 0 ? p.Ldb : 1, bDepth = p.TransB != 0 ? 1 : p.Ldb;  // B(k, j) = b[j * bColumn + k * bDepth]
        for (long e = GridStride.First, step = GridStride.Step; e < blocks; e += step)
        {
            int i0 = (int)(e / columnBlocks % rowBlocks) * side, j0 = (int)(e % columnBlocks) * side;
            long z = e / ((long)columnBlocks * rowBlocks);
            int rows = p.M - i0 < side ? p.M - i0 : side, columns = p.N - j0 < side ? p.N - j0 : side;
            long aStart = p.AOffset + z * p.StrideA + i0 * aRow, bStart = p.BOffset + z * p.StrideB + j0 * bColumn;
            var acc = default(Float8x8);
            for (int k = 0; k < p.K; k++)
            {
                acc.AddOuterProduct(Gather(a, aStart + k * aDepth, aRow, rows), Gather(b, bStart + k * bDepth, bColumn, columns));
            }

            for (int i = 0; i < rows; i++)
            {
                var row = acc.Row(i);
                long at = p.COffset + z * p.StrideC + (long)(i0 + i) * p.Ldc + j0;
                for (int j = 0; j < columns; j++)
                {
                    c[at + j] = p.Beta == 0f ? p.Alpha * row[j] : p.Alpha * row[j] + p.Beta * c[at + j];
                }
            }
        }
    }

    // count (at most 8) values start, start + stride, ...; the rest 0
    private static Float8 Gather(ArrayView<float> v, long start, long stride, int count) => new()
    {
        V0 = v[start],
        V1 = count > 1 ? v[start + stride] : 0f,
        V2 = count > 2 ? v[start + 2 * stride] : 0f,
        V3 = count > 3 ? v[start + 3 * stride] : 0f,
        V4 = count > 4 ? v[start + 4 * stride] : 0f,
        V5 = count > 5 ? v[start + 5 * stride] : 0f,
        V6 = count > 6 ? v[start + 6 * stride] : 0f,
        V7 = count > 7 ? v[start + 7 * stride] : 0f,
    };

    // the 8 values a thread needs from one shared row: start, start + 8, ..., start + 56
    private static Float8 Strip(ArrayView<float> slice, int start) => new()
    {
        V0 = slice[start],
        V1 = slice[start + 8],
        V2 = slice[start + 16],
        V3 = slice[start + 24],
        V4 = slice[start + 32],
        V5 = slice[start + 40],
        V6 = slice[start + 48],
        V7 = slice[start + 56],
    };
}
