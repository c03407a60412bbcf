using System.Numerics;
using System.Runtime.CompilerServices;

namespace IlgpuNet.Kernels.Cpu;

/// <summary>
/// F(4×4, 3×3): a 6×6 window, points 0, ±1, ±2 and ∞ (Lavin and Gray, 2016). A 4×4 output tile costs 36 multiplies
/// instead of 144.
/// <code>
///      | 4  0 -5  0  1  0 |        | 1/4    0     0   |        | 1  1  1  1  1  0 |
///      | 0 -4 -4  1  1  0 |        | -1/6 -1/6  -1/6  |   Aᵀ = | 0  1 -1  2 -2  0 |
/// Bᵀ = | 0  4 -4 -1  1  0 |    G = | -1/6  1/6  -1/6  |        | 0  1  1  4  4  0 |
///      | 0 -2 -1  2  1  0 |        | 1/24  1/12  1/6  |        | 0  1 -1  8 -8  1 |
///      | 0  2 -1 -2  1  0 |        | 1/24 -1/12  1/6  |
///      | 0  4  0 -5  0  1 |        | 0     0     1    |
/// </code>
/// </summary>
internal readonly unsafe struct WinogradF4x3 : IWinogradTransforms
{
    public static int FilterSize => 3;

    /// <summary>`benchmarks conv 3x3` (docs/benchmarks.md): 1.2–2.0× with 16+ channels, 24 → 24 and 64 → 32 included.</summary>
    public static int MinChannels => 16;

    /// <summary>`benchmarks conv 3x3`: the detector's layers 1.17–1.42×, ResNet18's 8×8 and 4×4 ones 1.05×, cnn5's 64×64 1.4×.</summary>
    public static int MinWeightGradientChannels => 64;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Input(float* src, long srcStride, float* dst, long dstStride)
    {
        var d0 = Vector.Load(src); var d1 = Vector.Load(src + srcStride); var d2 = Vector.Load(src + 2 * srcStride);
        var d3 = Vector.Load(src + 3 * srcStride); var d4 = Vector.Load(src + 4 * srcStride); var d5 = Vector.Load(src + 5 * srcStride);
        Vector<float> four = new(4f), five = new(5f), two = new(2f);
        Vector.Store(four * d0 - five * d2 + d4, dst);
        Vector.Store(d3 + d4 - four * (d1 + d2), dst + dstStride);
        Vector.Store(four * (d1 - d2) + d4 - d3, dst + 2 * dstStride);
        Vector.Store(two * (d3 - d1) + d4 - d2, dst + 3 * dstStride);
        Vector.Store(two * (d1 - d3) + d4 - d2, dst + 4 * dstStride);
        Vector.Store(four * d1 - five * d3 + d5, dst + 5 * dstStride);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Filter(float* src, long srcStride, float* dst, long dstStride)
    {
        var w0 = Vector.Load(src); var w1 = Vector.Load(src + srcStride); var w2 = Vector.Load(src + 2 * srcStride);
        Vector<float> outer = w0 + w2, quarter = new(0.25f), sixth = new(1f / 6), twelfth = new(1f / 12), fourth = new(1f / 24);
        Vector.Store(quarter * w0, dst);
        Vector.Store(-sixth * (outer + w1), dst + dstStride);
        Vector.Store(-sixth * (outer - w1), dst + 2 * dstStride);
        Vector.Store(fourth * w0 + twelfth * w1 + sixth * w2, dst + 3 * dstStride);
        Vector.Store(fourth * w0 - twelfth * w1 + sixth * w2, dst + 4 * dstStride);
        Vector.Store(w2, dst + 5 * dstStride);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Output(float* src, long srcStride, float* dst, long dstStride)
    {
        var m0 = Vector.Load(src); var m1 = Vector.Load(src + srcStride); var m2 = Vector.Load(src + 2 * srcStride);
        var m3 = Vector.Load(src + 3 * srcStride); var m4 = Vector.Load(src + 4 * srcStride); var m5 = Vector.Load(src + 5 * srcStride);
        Vector<float> sum12 = m1 + m2, diff12 = m1 - m2, sum34 = m3 + m4, diff34 = m3 - m4;
        Vector.Store(m0 + sum12 + sum34, dst);
        Vector.Store(diff12 + new Vector<float>(2f) * diff34, dst + dstStride);
        Vector.Store(sum12 + new Vector<float>(4f) * sum34, dst + 2 * dstStride);
        Vector.Store(diff12 + new Vector<float>(8f) * diff34 + m5, dst + 3 * dstStride);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void OutputGradient(float* src, long srcStride, float* dst, long dstStride)
    {
        var o0 = Vector.Load(src); var o1 = Vector.Load(src + srcStride); var o2 = Vector.Load(src + 2 * srcStride); var o3 = Vector.Load(src + 3 * srcStride);
        Vector<float> even = o0 + o2, odd = o1 + o3;
        Vector<float> evenBy4 = o0 + new Vector<float>(4f) * o2, oddBy4 = new Vector<float>(2f) * o1 + new Vector<float>(8f) * o3;
        Vector.Store(o0, dst);
        Vector.Store(even + odd, dst + dstStride);
        Vector.Store(even - odd, dst + 2 * dstStride);
        Vector.Store(evenBy4 + oddBy4, dst + 3 * dstStride);
        Vector.Store(evenBy4 - oddBy4, dst + 4 * dstStride);
        Vector.Store(o3, dst + 5 * dstStride);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void FilterGradient(float* src, long srcStride, float* dst, long dstStride)
    {
        var u0 = Vector.Load(src); var u1 = Vector.Load(src + srcStride); var u2 = Vector.Load(src + 2 * srcStride);
        var u3 = Vector.Load(src + 3 * srcStride); var u4 = Vector.Load(src + 4 * srcStride); var u5 = Vector.Load(src + 5 * srcStride);
        Vector<float> sum12 = u1 + u2, sum34 = u3 + u4, sixth = new(1f / 6);
        Vector.Store(new Vector<float>(0.25f) * u0 - sixth * sum12 + new Vector<float>(1f / 24) * sum34, dst);
        Vector.Store(sixth * (u2 - u1) + new Vector<float>(1f / 12) * (u3 - u4), dst + dstStride);
        Vector.Store(sixth * (sum34 - sum12) + u5, dst + 2 * dstStride);
    }
}
