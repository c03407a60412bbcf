using System.Numerics;
using System.Runtime.CompilerServices;

namespace IlgpuNet.Kernels.Cpu;

/// <summary>
/// F(4×4, 5×5): an 8×8 window, points 0, ±1, ±2, ±1/2 and ∞ (the window F(6×6, 3×3) uses). A 4×4 output tile costs
/// 64 multiplies instead of 400; in float its errors stay within the same bound as F(4×4, 3×3)'s, 1e-4 of the outputs'
/// root mean square on the tests' shapes. The fractions live in G, applied once per filter.
/// <code>
///      | 4  0 -21   0  21   0 -4  0 |        | 1/4      0      0     0     0    |
///      | 0 -4  -4  17  17  -4 -4  0 |        | 1/18   1/18   1/18  1/18  1/18  |
///      | 0  4  -4 -17  17   4 -4  0 |        | 1/18  -1/18   1/18 -1/18  1/18  |
/// Bᵀ = | 0  2   1 -10  -5   8  4  0 |    G = | 1/360  1/180  1/90  1/45  2/45  |
///      | 0 -2   1  10  -5  -8  4  0 |        | 1/360 -1/180  1/90 -1/45  2/45  |
///      | 0  4   8  -5 -10   1  2  0 |        | 16/45  8/45   4/45  2/45  1/45  |
///      | 0 -4   8   5 -10  -1  2  0 |        | 16/45 -8/45   4/45 -2/45  1/45  |
///      | 0 -4   0  21   0 -21  0  4 |        | 0      0      0     0     1/4   |
///
///      | 1  1  1  1  1   1     1    0 |
/// Aᵀ = | 0  1 -1  2 -2  1/2  -1/2   0 |
///      | 0  1  1  4  4  1/4   1/4   0 |
///      | 0  1 -1  8 -8  1/8  -1/8   1 |
/// </code>
/// </summary>
internal readonly unsafe struct WinogradF4x5 : IWinogradTransforms
{
    public static int FilterSize => 5;

    /// <summary>
    /// `benchmarks conv task2`: Table-2's 32 → 64 and 64 → 128 layers 1.4–2.2× faster in every pass; fewer channels
    /// were not measured, so they stay on the direct kernels.
    /// </summary>
    public static int MinChannels => 32;

    public static int MinWeightGradientChannels => 32;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Input(float* src, long srcStride, float* dst, long dstStride)
    {
        var d0 = Vector.Load(src); var d1 = Vector.Load(src + srcStride); var d2 = Vector.Load(src + 2 * srcStride);
        var d3 = Vector.Load(src + 3 * srcStride); var d4 = Vector.Load(src + 4 * srcStride); var d5 = Vector.Load(src + 5 * srcStride);
        var d6 = Vector.Load(src + 6 * srcStride); var d7 = Vector.Load(src + 7 * srcStride);
        Vector<float> two = new(2f), four = new(4f), five = new(5f), eight = new(8f), ten = new(10f), seventeen = new(17f), twentyOne = new(21f);
        Vector<float> right = seventeen * d4 - four * (d2 + d6), left = seventeen * d3 - four * (d1 + d5);
        Vector<float> even = d2 - five * d4 + four * d6, odd = two * d1 - ten * d3 + eight * d5;
        Vector<float> evenHalf = eight * d2 - ten * d4 + two * d6, oddHalf = four * d1 - five * d3 + d5;
        Vector.Store(four * (d0 - d6) + twentyOne * (d4 - d2), dst);
        Vector.Store(right + left, dst + dstStride);
        Vector.Store(right - left, dst + 2 * dstStride);
        Vector.Store(even + odd, dst + 3 * dstStride);
        Vector.Store(even - odd, dst + 4 * dstStride);
        Vector.Store(evenHalf + oddHalf, dst + 5 * dstStride);
        Vector.Store(evenHalf - oddHalf, dst + 6 * dstStride);
        Vector.Store(four * (d7 - d1) + twentyOne * (d3 - d5), dst + 7 * dstStride);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Filter(float* src, long srcStride, float* dst, long dstStride)
    {
        var w0 = Vector.Load(src); var w1 = Vector.Load(src + srcStride); var w2 = Vector.Load(src + 2 * srcStride);
        var w3 = Vector.Load(src + 3 * srcStride); var w4 = Vector.Load(src + 4 * srcStride);
        Vector<float> two = new(2f), four = new(4f), eight = new(8f), sixteen = new(16f), quarter = new(0.25f);
        Vector<float> even1 = w0 + w2 + w4, odd1 = w1 + w3;                                // at ±1
        Vector<float> even2 = w0 + four * w2 + sixteen * w4, odd2 = two * w1 + eight * w3;  // at ±2
        Vector<float> evenHalf = sixteen * w0 + four * w2 + w4, oddHalf = eight * w1 + two * w3; // at ±1/2, times 16
        Vector<float> by18 = new(1f / 18), by360 = new(1f / 360), by45 = new(1f / 45);
        Vector.Store(quarter * w0, dst);
        Vector.Store(by18 * (even1 + odd1), dst + dstStride);
        Vector.Store(by18 * (even1 - odd1), dst + 2 * dstStride);
        Vector.Store(by360 * (even2 + odd2), dst + 3 * dstStride);
        Vector.Store(by360 * (even2 - odd2), dst + 4 * dstStride);
        Vector.Store(by45 * (evenHalf + oddHalf), dst + 5 * dstStride);
        Vector.Store(by45 * (evenHalf - oddHalf), dst + 6 * dstStride);
        Vector.Store(quarter * w4, dst + 7 * dstStride);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Output(float* src, long srcStride, float* dst, long dstStride)
    {
        var m0 = Vector.Load(src); var m1 = Vector.Load(src + srcStride); var m2 = Vector.Load(src + 2 * srcStride);
        var m3 = Vector.Load(src + 3 * srcStride); var m4 = Vector.Load(src + 4 * srcStride); var m5 = Vector.Load(src + 5 * srcStride);
        var m6 = Vector.Load(src + 6 * srcStride); var m7 = Vector.Load(src + 7 * srcStride);
        Vector<float> sum12 = m1 + m2, diff12 = m1 - m2, sum34 = m3 + m4, diff34 = m3 - m4, sum56 = m5 + m6, diff56 = m5 - m6;
        Vector.Store(m0 + sum12 + sum34 + sum56, dst);
        Vector.Store(diff12 + new Vector<float>(2f) * diff34 + new Vector<float>(0.5f) * diff56, dst + dstStride);
        Vector.Store(sum12 + new Vector<float>(4f) * sum34 + new Vector<float>(0.25f) * sum56, dst + 2 * dstStride);
        Vector.Store(diff12 + new Vector<float>(8f) * diff34 + new Vector<float>(0.125f) * diff56 + m7, dst + 3 * dstStride);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void OutputGradient(float* src, long srcStride, float* dst, long dstStride)
    {
        var o0 = Vector.Load(src); var o1 = Vector.Load(src + srcStride); var o2 = Vector.Load(src + 2 * srcStride); var o3 = Vector.Load(src + 3 * srcStride);
        Vector<float> even1 = o0 + o2, odd1 = o1 + o3;
        Vector<float> even2 = o0 + new Vector<float>(4f) * o2, odd2 = new Vector<float>(2f) * o1 + new Vector<float>(8f) * o3;
        Vector<float> evenHalf = o0 + new Vector<float>(0.25f) * o2, oddHalf = new Vector<float>(0.5f) * o1 + new Vector<float>(0.125f) * o3;
        Vector.Store(o0, dst);
        Vector.Store(even1 + odd1, dst + dstStride);
        Vector.Store(even1 - odd1, dst + 2 * dstStride);
        Vector.Store(even2 + odd2, dst + 3 * dstStride);
        Vector.Store(even2 - odd2, dst + 4 * dstStride);
        Vector.Store(evenHalf + oddHalf, dst + 5 * dstStride);
        Vector.Store(evenHalf - oddHalf, dst + 6 * dstStride);
        Vector.Store(o3, dst + 7 * dstStride);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void FilterGradient(float* src, long srcStride, float* dst, long dstStride)
    {
        var u0 = Vector.Load(src); var u1 = Vector.Load(src + srcStride); var u2 = Vector.Load(src + 2 * srcStride);
        var u3 = Vector.Load(src + 3 * srcStride); var u4 = Vector.Load(src + 4 * srcStride); var u5 = Vector.Load(src + 5 * srcStride);
        var u6 = Vector.Load(src + 6 * srcStride); var u7 = Vector.Load(src + 7 * srcStride);
        // Gᵀ's columns pair up: sums at ±p carry the even powers, differences the odd ones
        Vector<float> sum1 = new Vector<float>(1f / 18) * (u1 + u2), diff1 = new Vector<float>(1f / 18) * (u1 - u2);
        Vector<float> sum2 = new Vector<float>(1f / 360) * (u3 + u4), diff2 = new Vector<float>(1f / 360) * (u3 - u4);
        Vector<float> sumHalf = new Vector<float>(1f / 45) * (u5 + u6), diffHalf = new Vector<float>(1f / 45) * (u5 - u6);
        Vector<float> two = new(2f), four = new(4f), eight = new(8f), sixteen = new(16f), quarter = new(0.25f);
        Vector.Store(quarter * u0 + sum1 + sum2 + sixteen * sumHalf, dst);
        Vector.Store(diff1 + two * diff2 + eight * diffHalf, dst + dstStride);
        Vector.Store(sum1 + four * sum2 + four * sumHalf, dst + 2 * dstStride);
        Vector.Store(diff1 + eight * diff2 + two * diffHalf, dst + 3 * dstStride);
        Vector.Store(sum1 + sixteen * sum2 + sumHalf + quarter * u7, dst + 4 * dstStride);
    }
}
