using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace IlgpuNet.Kernels.Cpu;

/// <summary>
/// float32 max_pool2d tap by tap instead of window by window: for each kernel tap (i, j) in row-major order, a whole
/// output row is compared against the input row eight lanes at a time, keeping the running max and its flat input
/// index. With stride s along W, output column o reads input column o·s + shift, so the input row is first split into
/// its s phases (columns p, p+s, p+2s, ...): every tap then reads one phase contiguously. Taps in row-major order with
/// a strict "greater or NaN" test give the scalar kernel's answer exactly: first maximum wins, NaN wins.
/// (The composite CNN's 3×3/1 pools: 126M windows a step; Table-2's 2×2/2 and ResNet's 3×3/2 pools.)
/// </summary>
internal static class MaxPool2dRows
{
    public static bool Applies<T>(Pool2dGeometry g) => typeof(T) == typeof(float);

    /// <summary>Per-worker scratch: the running argmax of one output row, and the phases of one input row.</summary>
    public static int ScratchLength(Pool2dGeometry g) => g.OutW + g.InW + g.StrideW;

    // x plane (H, W) → y plane (OH, OW) and indices (OH, OW) (or empty)
    public static void Plane(Pool2dGeometry g, ReadOnlySpan<float> x, Span<float> y, Span<long> indices, Span<int> scratch)
    {
        int ow = g.OutW, s = g.StrideW;
        var argmax = scratch[..ow];
        var phases = MemoryMarshal.Cast<int, float>(scratch[ow..]);
        var lanes = Vector256.Create(0, 1, 2, 3, 4, 5, 6, 7) * s;
        for (int oh = 0; oh < g.OutH; oh++)
        {
            var best = y.Slice(oh * ow, ow);
            best.Fill(float.NegativeInfinity);
            argmax.Clear(); // a window with no valid tap cannot occur (padding ≤ kernel/2), but keep indices defined
            for (int i = 0; i < g.KernelH; i++)
            {
                int ih = oh * g.StrideH - g.PadH + i * g.DilationH;
                if ((uint)ih >= (uint)g.InH)
                {
                    continue;
                }

                var row = x.Slice(ih * g.InW, g.InW);
                if (s > 1)
                {
                    SplitPhases(row, s, phases);
                }

                for (int j = 0; j < g.KernelW; j++)
                {
                    // Output column o reads input column o·s + shift = phase p, position o + q.
                    int shift = j * g.DilationW - g.PadW;
                    int p = ((shift % s) + s) % s, q = (shift - p) / s;
                    int phaseLength = (g.InW - p + s - 1) / s;
                    var phase = s == 1 ? row : phases.Slice(PhaseStart(g.InW, s, p), phaseLength);
                    int lo = Math.Max(0, -q), hi = Math.Min(ow, phaseLength - q);
                    int rowBase = ih * g.InW + shift;
                    int o = lo;
                    for (; o <= hi - 8; o += 8)
                    {
                        var v = Vector256.Create(phase.Slice(o + q, 8));
                        var b = Vector256.Create(best.Slice(o, 8));
                        var take = Vector256.GreaterThan(v, b) | ~Vector256.Equals(v, v);
                        Vector256.ConditionalSelect(take, v, b).CopyTo(best.Slice(o, 8));
                        var a = Vector256.Create(argmax.Slice(o, 8));
                        var index = Vector256.Create(rowBase + o * s) + lanes;
                        Vector256.ConditionalSelect(take.AsInt32(), index, a).CopyTo(argmax.Slice(o, 8));
                    }

                    for (; o < hi; o++)
                    {
                        float v = phase[o + q];
                        if (v > best[o] || float.IsNaN(v))
                        {
                            best[o] = v;
                            argmax[o] = rowBase + o * s;
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

    // row (W) → phases: phase p (columns p, p+s, ...) stored contiguously from PhaseStart(W, s, p)
    private static void SplitPhases(ReadOnlySpan<float> row, int s, Span<float> phases)
    {
        for (int p = 0; p < s; p++)
        {
            var phase = phases[PhaseStart(row.Length, s, p)..];
            for (int c = p, m = 0; c < row.Length; c += s, m++)
            {
                phase[m] = row[c];
            }
        }
    }

    /// <summary>Where phase p starts: the phases before it hold ceil((W - p') / s) columns each.</summary>
    private static int PhaseStart(int width, int s, int p)
    {
        int start = 0;
        for (int earlier = 0; earlier < p; earlier++)
        {
            start += (width - earlier + s - 1) / s;
        }

        return start;
    }
}
