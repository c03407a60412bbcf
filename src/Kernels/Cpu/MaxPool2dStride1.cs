using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace IlgpuNet.Kernels.Cpu;

/// <summary>
/// float32 max_pool2d with stride 1 (the composite CNN's 3×3/1 pools, 126M windows a step), tap by tap instead of
/// window by window: for each kernel tap (i, j) in row-major order, a whole output row is compared against the
/// shifted input row eight lanes at a time, keeping the running max and its flat input index. Taps in row-major
/// order with a strict "greater or NaN" test give the scalar kernel's answer exactly: first maximum wins, NaN wins.
/// </summary>
internal static class MaxPool2dStride1
{
    public static bool Applies<T>(Pool2dGeometry g) => typeof(T) == typeof(float) && g.StrideH == 1 && g.StrideW == 1;

    // x plane (H, W) → y plane (OH, OW) and indices (OH, OW) (or empty)
    public static void Plane(Pool2dGeometry g, ReadOnlySpan<float> x, Span<float> y, Span<long> indices, Span<int> argmax)
    {
        int ow = g.OutW;
        var lanes = Vector256.Create(0, 1, 2, 3, 4, 5, 6, 7);
        for (int oh = 0; oh < g.OutH; oh++)
        {
            var best = y.Slice(oh * ow, ow);
            best.Fill(float.NegativeInfinity);
            argmax.Clear(); // a window with no valid tap cannot occur (padding ≤ kernel/2), but keep indices defined
            for (int i = 0; i < g.KernelH; i++)
            {
                int ih = oh - g.PadH + i * g.DilationH;
                if ((uint)ih >= (uint)g.InH)
                {
                    continue;
                }

                for (int j = 0; j < g.KernelW; j++)
                {
                    int shift = j * g.DilationW - g.PadW; // output column o reads input column o + shift
                    int lo = Math.Max(0, -shift), hi = Math.Min(ow, g.InW - shift);
                    int rowBase = ih * g.InW + shift;
                    var row = x.Slice(ih * g.InW, g.InW);
                    int o = lo;
                    for (; o <= hi - 8; o += 8)
                    {
                        var v = Vector256.Create(row.Slice(o + shift, 8));
                        var b = Vector256.Create(best.Slice(o, 8));
                        var take = Vector256.GreaterThan(v, b) | ~Vector256.Equals(v, v);
                        Vector256.ConditionalSelect(take, v, b).CopyTo(best.Slice(o, 8));
                        var a = Vector256.Create(argmax.Slice(o, 8));
                        var index = Vector256.Create(rowBase + o) + lanes;
                        Vector256.ConditionalSelect(take.AsInt32(), index, a).CopyTo(argmax.Slice(o, 8));
                    }

                    for (; o < hi; o++)
                    {
                        float v = row[o + shift];
                        if (v > best[o] || float.IsNaN(v))
                        {
                            best[o] = v;
                            argmax[o] = rowBase + o;
                        }
                    }
                }
            }

            if (!indices.IsEmpty)
            {
                var target = indices.Slice(oh * ow, ow);
                for (int o = 0; o < ow; o++)
                {
                    target[o] = argmax[o];
                }
            }
        }
    }
}
