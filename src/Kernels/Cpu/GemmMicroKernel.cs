using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace IlgpuNet.Kernels.Cpu;

/// <summary>
/// The few vector operations the micro-kernel needs, over one register width. Struct implementations are
/// specialised by the JIT, so the kernel below is written once for {float, double} x {Vector512, Vector256}.
/// </summary>
internal unsafe interface ISimd<TV, T>
    where TV : struct
    where T : unmanaged
{
    static abstract int Width { get; }
    static abstract TV Zero { get; }
    static abstract TV Load(T* p);
    static abstract void Store(TV v, T* p);
    static abstract TV Broadcast(T x);
    static abstract TV Multiply(TV x, TV y);

    /// <summary>x * y + acc, one rounding (vfmadd231).</summary>
    static abstract TV MulAdd(TV x, TV y, TV acc);

    static abstract TV Max(TV x, TV y);

    /// <summary>Lanes of <paramref name="value"/> where <paramref name="mask"/> is positive, zero elsewhere.</summary>
    static abstract TV WherePositive(TV mask, TV value);
}

internal readonly unsafe struct Simd512<T> : ISimd<Vector512<T>, T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    public static int Width => Vector512<T>.Count;
    public static Vector512<T> Zero => Vector512<T>.Zero;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> Load(T* p) => Vector512.Load(p);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(Vector512<T> v, T* p) => v.Store(p);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> Broadcast(T x) => Vector512.Create(x);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> Multiply(Vector512<T> x, Vector512<T> y) => x * y;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> Max(Vector512<T> x, Vector512<T> y) => Vector512.Max(x, y);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> WherePositive(Vector512<T> mask, Vector512<T> value)
        => Vector512.ConditionalSelect(Vector512.GreaterThan(mask, Vector512<T>.Zero), value, Vector512<T>.Zero);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> MulAdd(Vector512<T> x, Vector512<T> y, Vector512<T> acc)
    {
        // typeof tests are JIT-time constants: each instantiation keeps exactly one branch.
        if (typeof(T) == typeof(float))
        {
            return Vector512.FusedMultiplyAdd(x.AsSingle(), y.AsSingle(), acc.AsSingle()).As<float, T>();
        }

        if (typeof(T) == typeof(double))
        {
            return Vector512.FusedMultiplyAdd(x.AsDouble(), y.AsDouble(), acc.AsDouble()).As<double, T>();
        }

        return x * y + acc;
    }
}

internal readonly unsafe struct Simd256<T> : ISimd<Vector256<T>, T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    public static int Width => Vector256<T>.Count;
    public static Vector256<T> Zero => Vector256<T>.Zero;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<T> Load(T* p) => Vector256.Load(p);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(Vector256<T> v, T* p) => v.Store(p);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<T> Broadcast(T x) => Vector256.Create(x);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<T> Multiply(Vector256<T> x, Vector256<T> y) => x * y;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<T> Max(Vector256<T> x, Vector256<T> y) => Vector256.Max(x, y);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<T> WherePositive(Vector256<T> mask, Vector256<T> value)
        => Vector256.ConditionalSelect(Vector256.GreaterThan(mask, Vector256<T>.Zero), value, Vector256<T>.Zero);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<T> MulAdd(Vector256<T> x, Vector256<T> y, Vector256<T> acc)
    {
        // MultiplyAddEstimate is one FMA where the CPU has FMA3 and multiply + add elsewhere.
        if (typeof(T) == typeof(float))
        {
            return Vector256.MultiplyAddEstimate(x.AsSingle(), y.AsSingle(), acc.AsSingle()).As<float, T>();
        }

        if (typeof(T) == typeof(double))
        {
            return Vector256.MultiplyAddEstimate(x.AsDouble(), y.AsDouble(), acc.AsDouble()).As<double, T>();
        }

        return x * y + acc;
    }
}

/// <summary>Row count of a micro-tile as a type, so each height gets its own fully unrolled kernel.</summary>
internal interface IRows
{
    static abstract int Value { get; }
}

internal readonly struct Rows1 : IRows { public static int Value => 1; }
internal readonly struct Rows2 : IRows { public static int Value => 2; }
internal readonly struct Rows3 : IRows { public static int Value => 3; }
internal readonly struct Rows4 : IRows { public static int Value => 4; }
internal readonly struct Rows5 : IRows { public static int Value => 5; }
internal readonly struct Rows6 : IRows { public static int Value => 6; }
internal readonly struct Rows7 : IRows { public static int Value => 7; }
internal readonly struct Rows8 : IRows { public static int Value => 8; }
internal readonly struct Rows9 : IRows { public static int Value => 9; }
internal readonly struct Rows10 : IRows { public static int Value => 10; }
internal readonly struct Rows11 : IRows { public static int Value => 11; }
internal readonly struct Rows12 : IRows { public static int Value => 12; }

/// <summary>
/// Register-blocked micro-kernel: C[R, 2W] (+)= alpha * Apanel[R, kc] @ Bpanel[kc, 2W], W = vector width.
/// Apanel is packed k-major with row stride <paramref name="mr"/> (pa[p * mr + r]); Bpanel k-major, 2W wide
/// (pb[p * 2W + j]). R x 2 accumulators live in registers for the whole k loop (12 x 2 ZMM = 24 of 32).
/// </summary>
internal static unsafe class GemmMicroKernel<T, TV, TSimd>
    where T : unmanaged, IFloatingPointIeee754<T>
    where TV : struct
    where TSimd : struct, ISimd<TV, T>
{
    public static int NR => 2 * TSimd.Width;

    /// <summary>
    /// Runs the kernel for rows = 1..12 (the generic height, dispatched once per micro-tile); with a mask (C's shape,
    /// row stride <paramref name="ldMask"/>) the stored C keeps only the lanes where the mask is positive.
    /// </summary>
    public static void Run(int rows, int cols, int kc, T* pa, int mr, T* pb, T* c, int ldc, T alpha, T beta, bool overwrite,
        T* mask = null, int ldMask = 0)
    {
        var store = new TileStore(c, ldc, alpha, beta, overwrite, mask, ldMask);
        switch (rows)
        {
            case 12: Tile<Rows12>(cols, kc, pa, mr, pb, store); break;
            case 11: Tile<Rows11>(cols, kc, pa, mr, pb, store); break;
            case 10: Tile<Rows10>(cols, kc, pa, mr, pb, store); break;
            case 9: Tile<Rows9>(cols, kc, pa, mr, pb, store); break;
            case 8: Tile<Rows8>(cols, kc, pa, mr, pb, store); break;
            case 7: Tile<Rows7>(cols, kc, pa, mr, pb, store); break;
            case 6: Tile<Rows6>(cols, kc, pa, mr, pb, store); break;
            case 5: Tile<Rows5>(cols, kc, pa, mr, pb, store); break;
            case 4: Tile<Rows4>(cols, kc, pa, mr, pb, store); break;
            case 3: Tile<Rows3>(cols, kc, pa, mr, pb, store); break;
            case 2: Tile<Rows2>(cols, kc, pa, mr, pb, store); break;
            case 1: Tile<Rows1>(cols, kc, pa, mr, pb, store); break;
            default: throw new ArgumentOutOfRangeException(nameof(rows));
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Tile<TR>(int cols, int kc, T* pa, int mr, T* pb, TileStore store)
        where TR : struct, IRows
    {
        int w = TSimd.Width;
        int r = TR.Value;
        // acc{row}{half}: row of the tile, left/right vector of its 2W columns.
        TV a00 = TSimd.Zero, a01 = TSimd.Zero, a10 = TSimd.Zero, a11 = TSimd.Zero;
        TV a20 = TSimd.Zero, a21 = TSimd.Zero, a30 = TSimd.Zero, a31 = TSimd.Zero;
        TV a40 = TSimd.Zero, a41 = TSimd.Zero, a50 = TSimd.Zero, a51 = TSimd.Zero;
        TV a60 = TSimd.Zero, a61 = TSimd.Zero, a70 = TSimd.Zero, a71 = TSimd.Zero;
        TV a80 = TSimd.Zero, a81 = TSimd.Zero, a90 = TSimd.Zero, a91 = TSimd.Zero;
        TV aA0 = TSimd.Zero, aA1 = TSimd.Zero, aB0 = TSimd.Zero, aB1 = TSimd.Zero;

        for (int p = 0; p < kc; p++)
        {
            TV b0 = TSimd.Load(pb);
            TV b1 = TSimd.Load(pb + w);
            TV x;
            x = TSimd.Broadcast(pa[0]); a00 = TSimd.MulAdd(x, b0, a00); a01 = TSimd.MulAdd(x, b1, a01);
            if (r > 1) { x = TSimd.Broadcast(pa[1]); a10 = TSimd.MulAdd(x, b0, a10); a11 = TSimd.MulAdd(x, b1, a11); }
            if (r > 2) { x = TSimd.Broadcast(pa[2]); a20 = TSimd.MulAdd(x, b0, a20); a21 = TSimd.MulAdd(x, b1, a21); }
            if (r > 3) { x = TSimd.Broadcast(pa[3]); a30 = TSimd.MulAdd(x, b0, a30); a31 = TSimd.MulAdd(x, b1, a31); }
            if (r > 4) { x = TSimd.Broadcast(pa[4]); a40 = TSimd.MulAdd(x, b0, a40); a41 = TSimd.MulAdd(x, b1, a41); }
            if (r > 5) { x = TSimd.Broadcast(pa[5]); a50 = TSimd.MulAdd(x, b0, a50); a51 = TSimd.MulAdd(x, b1, a51); }
            if (r > 6) { x = TSimd.Broadcast(pa[6]); a60 = TSimd.MulAdd(x, b0, a60); a61 = TSimd.MulAdd(x, b1, a61); }
            if (r > 7) { x = TSimd.Broadcast(pa[7]); a70 = TSimd.MulAdd(x, b0, a70); a71 = TSimd.MulAdd(x, b1, a71); }
            if (r > 8) { x = TSimd.Broadcast(pa[8]); a80 = TSimd.MulAdd(x, b0, a80); a81 = TSimd.MulAdd(x, b1, a81); }
            if (r > 9) { x = TSimd.Broadcast(pa[9]); a90 = TSimd.MulAdd(x, b0, a90); a91 = TSimd.MulAdd(x, b1, a91); }
            if (r > 10) { x = TSimd.Broadcast(pa[10]); aA0 = TSimd.MulAdd(x, b0, aA0); aA1 = TSimd.MulAdd(x, b1, aA1); }
            if (r > 11) { x = TSimd.Broadcast(pa[11]); aB0 = TSimd.MulAdd(x, b0, aB0); aB1 = TSimd.MulAdd(x, b1, aB1); }
            pa += mr;
            pb += 2 * w;
        }

        if (cols == 2 * w)
        {
            store.Row(0, a00, a01);
            if (r > 1) store.Row(1, a10, a11);
            if (r > 2) store.Row(2, a20, a21);
            if (r > 3) store.Row(3, a30, a31);
            if (r > 4) store.Row(4, a40, a41);
            if (r > 5) store.Row(5, a50, a51);
            if (r > 6) store.Row(6, a60, a61);
            if (r > 7) store.Row(7, a70, a71);
            if (r > 8) store.Row(8, a80, a81);
            if (r > 9) store.Row(9, a90, a91);
            if (r > 10) store.Row(10, aA0, aA1);
            if (r > 11) store.Row(11, aB0, aB1);
            return;
        }

        // Right edge of C: spill the tile, write the valid columns (one tile per row strip, not the hot path).
        T* tile = stackalloc T[12 * 2 * w];
        Spill(tile, 0, w, a00, a01);
        if (r > 1) Spill(tile, 1, w, a10, a11);
        if (r > 2) Spill(tile, 2, w, a20, a21);
        if (r > 3) Spill(tile, 3, w, a30, a31);
        if (r > 4) Spill(tile, 4, w, a40, a41);
        if (r > 5) Spill(tile, 5, w, a50, a51);
        if (r > 6) Spill(tile, 6, w, a60, a61);
        if (r > 7) Spill(tile, 7, w, a70, a71);
        if (r > 8) Spill(tile, 8, w, a80, a81);
        if (r > 9) Spill(tile, 9, w, a90, a91);
        if (r > 10) Spill(tile, 10, w, aA0, aA1);
        if (r > 11) Spill(tile, 11, w, aB0, aB1);
        for (int i = 0; i < r; i++)
        {
            store.Partial(i, tile + i * 2 * w, cols);
        }
    }

    /// <summary>Where a tile's rows go: C (row stride ldc), alpha and beta, and the mask that keeps C's lanes (or null).</summary>
    private readonly struct TileStore(T* c, int ldc, T alpha, T beta, bool overwrite, T* mask, int ldMask)
    {
        private readonly TV va = TSimd.Broadcast(alpha);
        private readonly TV vb = TSimd.Broadcast(beta);

        /// <summary>C row i (2W wide) = alpha * acc (+ beta * C unless overwrite, so NaN in C never leaks), masked.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Row(int i, TV x0, TV x1)
        {
            int w = TSimd.Width;
            T* row = c + (long)i * ldc;
            TV v0 = overwrite ? TSimd.Multiply(va, x0) : TSimd.MulAdd(vb, TSimd.Load(row), TSimd.Multiply(va, x0));
            TV v1 = overwrite ? TSimd.Multiply(va, x1) : TSimd.MulAdd(vb, TSimd.Load(row + w), TSimd.Multiply(va, x1));
            if (mask != null)
            {
                T* m = mask + (long)i * ldMask;
                v0 = TSimd.WherePositive(TSimd.Load(m), v0);
                v1 = TSimd.WherePositive(TSimd.Load(m + w), v1);
            }

            TSimd.Store(v0, row);
            TSimd.Store(v1, row + w);
        }

        /// <summary>The first <paramref name="cols"/> columns of row i from a spilled tile row (the right edge of C).</summary>
        public void Partial(int i, T* src, int cols)
        {
            T* dst = c + (long)i * ldc;
            T* m = mask == null ? null : mask + (long)i * ldMask;
            for (int j = 0; j < cols; j++)
            {
                T v = overwrite ? alpha * src[j] : alpha * src[j] + beta * dst[j];
                dst[j] = m == null || m[j] > T.Zero ? v : T.Zero;
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Spill(T* tile, int row, int w, TV x0, TV x1)
    {
        TSimd.Store(x0, tile + row * 2 * w);
        TSimd.Store(x1, tile + row * 2 * w + w);
    }
}
