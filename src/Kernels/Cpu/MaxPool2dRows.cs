using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace IlgpuNet.Kernels.Cpu;

/// <summary>
/// float32 max_pool2d tap by tap instead of window by window: for each kernel tap (i, j) in row-major order, a whole
/// output row is compared against the input row eight lanes at a time, keeping the running max and its flat input
/// index. With stride s along W, output column o reads input column o·s + shift, so the input row is first split into
/// its s phases (columns p, p+s, p+2s, ...): every tap then reads one phase contiguously. Each phase sits between
/// guard cells, so the lanes of a tap that fall on padding are loaded like the others and masked out: no scalar
/// edges. Taps in row-major order with a strict "greater or NaN" test, the first valid tap always taken, give the
/// scalar kernel's answer exactly: first maximum wins, NaN wins.
/// (The composite CNN's 3×3/1 pools: 126M windows a step; Table-2's 2×2/2 and ResNet's 3×3/2 pools.)
/// </summary>
internal static class MaxPool2dRows
{
    private const int Lanes = 8;

    public static bool Applies<T>(Pool2dGeometry g) => typeof(T) == typeof(float);

    /// <summary>Per-worker scratch: the running argmax and max of one output row, and the guarded phases of one input row.</summary>
    public static int ScratchLength(Pool2dGeometry g)
    {
        var layout = PhaseLayout.Of(g);
        return 2 * layout.PaddedOutW + g.StrideW * layout.Region;
    }

    // x plane (H, W) → y plane (OH, OW) and indices (OH, OW) (or empty)
    public static void Plane(Pool2dGeometry g, ReadOnlySpan<float> x, Span<float> y, Span<int> indices, Span<int> scratch)
    {
        int ow = g.OutW, s = g.StrideW;
        var layout = PhaseLayout.Of(g);
        int paddedOw = layout.PaddedOutW;
        var argmax = scratch[..paddedOw];
        var best = MemoryMarshal.Cast<int, float>(scratch.Slice(paddedOw, paddedOw));
        var phases = MemoryMarshal.Cast<int, float>(scratch[(2 * paddedOw)..]);
        var lane = Vector256.Create(0, 1, 2, 3, 4, 5, 6, 7);
        var none = Vector256.Create(-1);
        for (int oh = 0; oh < g.OutH; oh++)
        {
            best.Fill(float.NegativeInfinity);
            argmax.Fill(-1); // -1: no valid tap seen yet, so the first one is taken whatever its value
            for (int i = 0; i < g.KernelH; i++)
            {
                int ih = oh * g.StrideH - g.PadH + i * g.DilationH;
                if ((uint)ih >= (uint)g.InH)
                {
                    continue;
                }

                SplitPhases(x.Slice(ih * g.InW, g.InW), s, layout, phases);
                for (int j = 0; j < g.KernelW; j++)
                {
                    // Output column o reads input column o·s + shift = phase p, position o + q.
                    int shift = j * g.DilationW - g.PadW;
                    int p = ((shift % s) + s) % s, q = (shift - p) / s;
                    int phaseLength = (g.InW - p + s - 1) / s;
                    var lo = Vector256.Create(Math.Max(0, -q));
                    var hi = Vector256.Create(Math.Min(ow, phaseLength - q));
                    int start = p * layout.Region + layout.Front + q; // phase p's cell for output 0
                    int rowBase = ih * g.InW + shift;
                    for (int o = 0; o < paddedOw; o += Lanes)
                    {
                        var column = lane + Vector256.Create(o);
                        var valid = Vector256.GreaterThanOrEqual(column, lo) & Vector256.LessThan(column, hi);
                        var v = Vector256.Create(phases.Slice(start + o, Lanes));
                        var b = Vector256.Create(best.Slice(o, Lanes));
                        var a = Vector256.Create(argmax.Slice(o, Lanes));
                        var wins = Vector256.GreaterThan(v, b) | ~Vector256.Equals(v, v);
                        var take = valid & (wins.AsInt32() | Vector256.Equals(a, none));
                        Vector256.ConditionalSelect(take.AsSingle(), v, b).CopyTo(best.Slice(o, Lanes));
                        Vector256.ConditionalSelect(take, column * s + Vector256.Create(rowBase), a).CopyTo(argmax.Slice(o, Lanes));
                    }
                }
            }

            best[..ow].CopyTo(y.Slice(oh * ow, ow));
            if (!indices.IsEmpty)
            {
                argmax[..ow].CopyTo(indices.Slice(oh * ow, ow));
            }
        }
    }

    // row (W) → phase p (columns p, p+s, ...) stored contiguously from p·Region + Front
    private static void SplitPhases(ReadOnlySpan<float> row, int s, PhaseLayout layout, Span<float> phases)
    {
        if (s == 1)
        {
            row.CopyTo(phases[layout.Front..]);
            return;
        }

        int c = 0;
        if (s == 2)
        {
            // sixteen columns at a time: each half-vector gathers its evens into the low lanes, odds into the high
            var evens = phases[layout.Front..];
            var odds = phases[(layout.Region + layout.Front)..];
            var gather = Vector256.Create(0, 2, 4, 6, 1, 3, 5, 7);
            for (; c <= row.Length - 2 * Lanes; c += 2 * Lanes)
            {
                var first = Vector256.Shuffle(Vector256.Create(row.Slice(c, Lanes)), gather);
                var second = Vector256.Shuffle(Vector256.Create(row.Slice(c + Lanes, Lanes)), gather);
                Vector256.Create(first.GetLower(), second.GetLower()).CopyTo(evens.Slice(c / 2, Lanes));
                Vector256.Create(first.GetUpper(), second.GetUpper()).CopyTo(odds.Slice(c / 2, Lanes));
            }
        }

        for (; c < row.Length; c++)
        {
            phases[(c % s) * layout.Region + layout.Front + c / s] = row[c];
        }
    }

    /// <summary>
    /// Each phase's region: Front guard cells, then the phase, then guard cells up to Region, so that the eight-lane
    /// loads of every tap over the padded output row stay inside the region whatever their offset q.
    /// </summary>
    private readonly record struct PhaseLayout(int PaddedOutW, int Front, int Region)
    {
        public static PhaseLayout Of(Pool2dGeometry g)
        {
            int s = g.StrideW, paddedOw = (g.OutW + Lanes - 1) / Lanes * Lanes;
            int qMin = 0, qMax = 0;
            for (int j = 0; j < g.KernelW; j++)
            {
                int shift = j * g.DilationW - g.PadW;
                int p = ((shift % s) + s) % s, q = (shift - p) / s;
                qMin = Math.Min(qMin, q);
                qMax = Math.Max(qMax, q);
            }

            int longestPhase = (g.InW + s - 1) / s;
            int front = -qMin;
            return new PhaseLayout(paddedOw, front, front + Math.Max(longestPhase, paddedOw + qMax));
        }
    }
}
