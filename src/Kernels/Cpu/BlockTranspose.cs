using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace IlgpuNet.Kernels.Cpu;

/// <summary>
/// Strided matrix transpose, dst[j, i] = src[i, j] (+ a constant), for the kernels that change layouts on the hot
/// path (GEMM's packing of A and of a transposed B, the image-lane conv's blocks). float32 goes through 8×8 register
/// transposes (8 loads, 24 shuffles, 8 stores per 64 elements, against 64 scalar copies whose stores all land
/// strided), and four leftover rows through 4×8 ones (a 12-row GEMM panel is one of each); other types and the
/// ragged edges copy one element at a time.
/// </summary>
internal static unsafe class BlockTranspose
{
    // src (rows, cols) with row stride srcStride → dst (cols, rows) with row stride dstStride, each element + add
    // (or, rectifying, max(element, 0): the GEMM packing of a ReLU's output it never wrote)
    public static void Run<T>(T* src, long srcStride, T* dst, long dstStride, int rows, int cols, T add, bool rectify = false)
        where T : unmanaged, INumberBase<T>
    {
        int blockRows = 0, cols8 = 0;
        if (typeof(T) == typeof(float) && Avx.IsSupported)
        {
            cols8 = cols & ~7;
            float shift = float.CreateTruncating(add);
            for (; blockRows + 8 <= rows; blockRows += 8)
            {
                for (int j = 0; j < cols8; j += 8)
                {
                    Transpose8x8((float*)src + blockRows * srcStride + j, srcStride, (float*)dst + j * dstStride + blockRows, dstStride, shift, rectify);
                }
            }

            if (blockRows + 4 <= rows)
            {
                for (int j = 0; j < cols8; j += 8)
                {
                    Transpose4x8((float*)src + blockRows * srcStride + j, srcStride, (float*)dst + j * dstStride + blockRows, dstStride, shift, rectify);
                }

                blockRows += 4;
            }
        }

        // What the blocks left: the rows below them (all columns), then the columns right of cols8.
        for (int i = blockRows; i < rows; i++)
        {
            for (int j = 0; j < cols; j++)
            {
                dst[j * dstStride + i] = Element(src[i * srcStride + j], add, rectify);
            }
        }

        for (int i = 0; i < blockRows; i++)
        {
            for (int j = cols8; j < cols; j++)
            {
                dst[j * dstStride + i] = Element(src[i * srcStride + j], add, rectify);
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static T Element<T>(T x, T add, bool rectify)
        where T : unmanaged, INumberBase<T>
        => rectify ? (T.IsNegative(x) && !T.IsNaN(x) && !T.IsZero(x) ? T.Zero : x) : x + add;

    // 4 rows of 8 → 8 rows of 4
    private static void Transpose4x8(float* s, long ls, float* d, long ld, float add, bool rectify)
    {
        var u0 = Avx.LoadVector256(s);
        var u1 = Avx.LoadVector256(s + ls);
        var u2 = Avx.LoadVector256(s + 2 * ls);
        var u3 = Avx.LoadVector256(s + 3 * ls);
        InRegisters(ref u0, ref u1, ref u2, ref u3);
        Store(d, u0.GetLower(), add, rectify);
        Store(d + ld, u1.GetLower(), add, rectify);
        Store(d + 2 * ld, u2.GetLower(), add, rectify);
        Store(d + 3 * ld, u3.GetLower(), add, rectify);
        Store(d + 4 * ld, u0.GetUpper(), add, rectify);
        Store(d + 5 * ld, u1.GetUpper(), add, rectify);
        Store(d + 6 * ld, u2.GetUpper(), add, rectify);
        Store(d + 7 * ld, u3.GetUpper(), add, rectify);
    }

    /// <summary>
    /// A 4×8 float transpose in registers (AVX): afterwards the lower half of r_k holds lane k of r0..r3, its upper half
    /// lane k + 4 (pairs of rows interleaved, then pairs of pairs).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void InRegisters(ref Vector256<float> r0, ref Vector256<float> r1, ref Vector256<float> r2, ref Vector256<float> r3)
    {
        var t0 = Avx.UnpackLow(r0, r1);
        var t1 = Avx.UnpackHigh(r0, r1);
        var t2 = Avx.UnpackLow(r2, r3);
        var t3 = Avx.UnpackHigh(r2, r3);
        r0 = Avx.Shuffle(t0, t2, 0x44); // columns 0 | 4
        r1 = Avx.Shuffle(t0, t2, 0xEE); // columns 1 | 5
        r2 = Avx.Shuffle(t1, t3, 0x44); // columns 2 | 6
        r3 = Avx.Shuffle(t1, t3, 0xEE); // columns 3 | 7
    }

    private static void Transpose8x8(float* s, long ls, float* d, long ld, float add, bool rectify)
    {
        var r0 = Avx.LoadVector256(s);
        var r1 = Avx.LoadVector256(s + ls);
        var r2 = Avx.LoadVector256(s + 2 * ls);
        var r3 = Avx.LoadVector256(s + 3 * ls);
        var r4 = Avx.LoadVector256(s + 4 * ls);
        var r5 = Avx.LoadVector256(s + 5 * ls);
        var r6 = Avx.LoadVector256(s + 6 * ls);
        var r7 = Avx.LoadVector256(s + 7 * ls);
        InRegisters(ref r0, ref r1, ref r2, ref r3, ref r4, ref r5, ref r6, ref r7);
        Store(d, r0, add, rectify);
        Store(d + ld, r1, add, rectify);
        Store(d + 2 * ld, r2, add, rectify);
        Store(d + 3 * ld, r3, add, rectify);
        Store(d + 4 * ld, r4, add, rectify);
        Store(d + 5 * ld, r5, add, rectify);
        Store(d + 6 * ld, r6, add, rectify);
        Store(d + 7 * ld, r7, add, rectify);
    }

    /// <summary>An 8×8 float transpose in registers (AVX): afterwards r_k holds what was lane k of r0..r7.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void InRegisters(ref Vector256<float> r0, ref Vector256<float> r1, ref Vector256<float> r2, ref Vector256<float> r3,
        ref Vector256<float> r4, ref Vector256<float> r5, ref Vector256<float> r6, ref Vector256<float> r7)
    {
        // pairs of rows interleaved, then pairs of pairs, then the 128-bit halves swapped into place
        var t0 = Avx.UnpackLow(r0, r1);
        var t1 = Avx.UnpackHigh(r0, r1);
        var t2 = Avx.UnpackLow(r2, r3);
        var t3 = Avx.UnpackHigh(r2, r3);
        var t4 = Avx.UnpackLow(r4, r5);
        var t5 = Avx.UnpackHigh(r4, r5);
        var t6 = Avx.UnpackLow(r6, r7);
        var t7 = Avx.UnpackHigh(r6, r7);
        var u0 = Avx.Shuffle(t0, t2, 0x44);
        var u1 = Avx.Shuffle(t0, t2, 0xEE);
        var u2 = Avx.Shuffle(t1, t3, 0x44);
        var u3 = Avx.Shuffle(t1, t3, 0xEE);
        var u4 = Avx.Shuffle(t4, t6, 0x44);
        var u5 = Avx.Shuffle(t4, t6, 0xEE);
        var u6 = Avx.Shuffle(t5, t7, 0x44);
        var u7 = Avx.Shuffle(t5, t7, 0xEE);
        r0 = Avx.Permute2x128(u0, u4, 0x20);
        r1 = Avx.Permute2x128(u1, u5, 0x20);
        r2 = Avx.Permute2x128(u2, u6, 0x20);
        r3 = Avx.Permute2x128(u3, u7, 0x20);
        r4 = Avx.Permute2x128(u0, u4, 0x31);
        r5 = Avx.Permute2x128(u1, u5, 0x31);
        r6 = Avx.Permute2x128(u2, u6, 0x31);
        r7 = Avx.Permute2x128(u3, u7, 0x31);
    }

    // A zero shift stores the values untouched (adding +0 would turn -0 into +0); rectifying stores max(v, 0), with
    // NaN kept (vmaxps returns its second operand when either is NaN).
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Store(float* d, Vector256<float> v, float add, bool rectify)
        => Avx.Store(d, rectify ? Avx.Max(Vector256<float>.Zero, v) : add == 0 ? v : v + Vector256.Create(add));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Store(float* d, Vector128<float> v, float add, bool rectify)
        => Sse.Store(d, rectify ? Sse.Max(Vector128<float>.Zero, v) : add == 0 ? v : v + Vector128.Create(add));
}
