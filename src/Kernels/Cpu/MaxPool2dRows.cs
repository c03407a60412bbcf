using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace IlgpuNet.Kernels.Cpu;

/// <summary>
/// float32 max_pool2d eight outputs of a row at a time: for each group of eight output columns the running max and its
/// flat input index stay in registers while the window's taps are compared in row-major order. With stride s along W,
/// output column o reads input column o·s + shift, so each input row is first split into its s phases (columns p,
/// p+s, p+2s, ...): every tap then reads one phase contiguously. Each phase sits between guard cells, so the lanes of
/// a tap that fall on padding are loaded like the others and masked out: no scalar edges. An input row is split once
/// and kept in a ring of as many rows as a window spans, so the overlapping windows of the next output row reuse it.
/// Taps in row-major order with a strict "greater or NaN" test, the first valid tap always taken, give the scalar
/// kernel's answer exactly: first maximum wins, NaN wins.
/// (The composite CNN's 3×3/1 pools: 126M windows a step; Table-2's 2×2/2 and ResNet's 3×3/2 pools.)
/// </summary>
internal static class MaxPool2dRows
{
    private const int Lanes = 8;

    public static bool Applies<T>(Pool2dGeometry g) => typeof(T) == typeof(float);

    /// <summary>Per-worker scratch: the ring of split input rows, their row numbers, and one output vector's values and indices for a partial last group.</summary>
    public static int ScratchLength(Pool2dGeometry g)
    {
        var layout = PhaseLayout.Of(g);
        return RingRows(g) * (g.StrideW * layout.Region + 1) + 2 * Lanes;
    }

    // rows one window spans: a row's slot in the ring, ih mod this, is free again once no window needs it
    private static int RingRows(Pool2dGeometry g) => (g.KernelH - 1) * g.DilationH + 1;

    // x plane (H, W) → y plane (OH, OW) and indices (OH, OW) (or empty)
    public static void Plane(Pool2dGeometry g, ReadOnlySpan<float> x, Span<float> y, Span<int> indices, Span<int> scratch)
    {
        int ow = g.OutW, s = g.StrideW, ringRows = RingRows(g);
        var layout = PhaseLayout.Of(g);
        int rowFloats = s * layout.Region;
        var ring = MemoryMarshal.Cast<int, float>(scratch[..(ringRows * rowFloats)]);
        var ringRow = scratch.Slice(ringRows * rowFloats, ringRows); // the input row each slot holds
        var tailBest = MemoryMarshal.Cast<int, float>(scratch.Slice(ringRows * (rowFloats + 1), Lanes));
        var tailIndex = scratch.Slice(ringRows * (rowFloats + 1) + Lanes, Lanes);
        ringRow.Fill(-1);

        // per tap column j: where output 0 reads in its row's phases, the lanes it may take, its index offset
        Span<int> tapStart = stackalloc int[g.KernelW];
        Span<int> tapShift = stackalloc int[g.KernelW];
        Span<int> tapLo = stackalloc int[g.KernelW];
        Span<int> tapHi = stackalloc int[g.KernelW];
        for (int j = 0; j < g.KernelW; j++)
        {
            int shift = j * g.DilationW - g.PadW;
            int p = ((shift % s) + s) % s, q = (shift - p) / s;
            int phaseLength = (g.InW - p + s - 1) / s;
            tapStart[j] = p * layout.Region + layout.Front + q;
            tapShift[j] = shift;
            tapLo[j] = Math.Max(0, -q);
            tapHi[j] = Math.Min(ow, phaseLength - q);
        }

        // output groups [interiorFrom, interiorTo) have every lane inside the row for every tap
        int interiorFrom = 0, interiorTo = ow;
        for (int j = 0; j < g.KernelW; j++)
        {
            interiorFrom = Math.Max(interiorFrom, tapLo[j]);
            interiorTo = Math.Min(interiorTo, tapHi[j]);
        }

        var lane = Vector256.Create(0, 1, 2, 3, 4, 5, 6, 7);
        var none = Vector256.Create(-1);
        for (int oh = 0; oh < g.OutH; oh++)
        {
            int ih0 = oh * g.StrideH - g.PadH;
            bool rowsInside = ih0 >= 0 && ih0 + ((g.KernelH - 1) * g.DilationH) < g.InH;
            for (int i = 0; i < g.KernelH; i++)
            {
                int ih = oh * g.StrideH - g.PadH + i * g.DilationH;
                if ((uint)ih < (uint)g.InH && ringRow[ih % ringRows] != ih)
                {
                    SplitPhases(x.Slice(ih * g.InW, g.InW), s, layout, ring.Slice(ih % ringRows * rowFloats, rowFloats));
                    ringRow[ih % ringRows] = ih;
                }
            }

            for (int o = 0; o < ow; o += Lanes)
            {
                var column = lane + Vector256.Create(o);
                if (rowsInside && o >= interiorFrom && o + Lanes <= interiorTo)
                {
                    InteriorGroup(g, ring, rowFloats, ringRows, tapStart, tapShift, oh, o, column * s, y, indices);
                    continue;
                }

                var best = Vector256.Create(float.NegativeInfinity);
                var argmax = none; // -1: no valid tap seen yet, so the first one is taken whatever its value
                for (int i = 0; i < g.KernelH; i++)
                {
                    int ih = oh * g.StrideH - g.PadH + i * g.DilationH;
                    if ((uint)ih >= (uint)g.InH)
                    {
                        continue;
                    }

                    var phases = ring.Slice(ih % ringRows * rowFloats, rowFloats);
                    for (int j = 0; j < g.KernelW; j++)
                    {
                        var valid = Vector256.GreaterThanOrEqual(column, Vector256.Create(tapLo[j])) & Vector256.LessThan(column, Vector256.Create(tapHi[j]));
                        var v = Vector256.Create(phases.Slice(tapStart[j] + o, Lanes));
                        var wins = Vector256.GreaterThan(v, best) | ~Vector256.Equals(v, v);
                        var take = valid & (wins.AsInt32() | Vector256.Equals(argmax, none));
                        best = Vector256.ConditionalSelect(take.AsSingle(), v, best);
                        argmax = Vector256.ConditionalSelect(take, column * s + Vector256.Create(ih * g.InW + tapShift[j]), argmax);
                    }
                }

                if (o + Lanes <= ow)
                {
                    best.CopyTo(y.Slice(oh * ow + o, Lanes));
                    if (!indices.IsEmpty)
                    {
                        argmax.CopyTo(indices.Slice(oh * ow + o, Lanes));
                    }

                    continue;
                }

                // a partial last group: its lanes past the row go nowhere
                best.CopyTo(tailBest);
                argmax.CopyTo(tailIndex);
                tailBest[..(ow - o)].CopyTo(y.Slice(oh * ow + o, ow - o));
                if (!indices.IsEmpty)
                {
                    tailIndex[..(ow - o)].CopyTo(indices.Slice(oh * ow + o, ow - o));
                }
            }
        }
    }

    // Eight outputs whose every tap is a valid input: the first tap starts the max, no lane masks.
    private static void InteriorGroup(Pool2dGeometry g, Span<float> ring, int rowFloats, int ringRows, ReadOnlySpan<int> tapStart,
        ReadOnlySpan<int> tapShift, int oh, int o, Vector256<int> firstColumn, Span<float> y, Span<int> indices)
    {
        int ih0 = oh * g.StrideH - g.PadH;
        var best = Vector256.Create(float.NegativeInfinity);
        var argmax = Vector256<int>.Zero;
        bool first = true;
        for (int i = 0; i < g.KernelH; i++)
        {
            int ih = ih0 + (i * g.DilationH);
            var phases = ring.Slice(ih % ringRows * rowFloats, rowFloats);
            for (int j = 0; j < g.KernelW; j++)
            {
                var v = Vector256.Create(phases.Slice(tapStart[j] + o, Lanes));
                var index = firstColumn + Vector256.Create((ih * g.InW) + tapShift[j]);
                if (first)
                {
                    (best, argmax, first) = (v, index, false);
                    continue;
                }

                var take = Vector256.GreaterThan(v, best) | ~Vector256.Equals(v, v);
                best = Vector256.ConditionalSelect(take, v, best);
                argmax = Vector256.ConditionalSelect(take.AsInt32(), index, argmax);
            }
        }

        best.CopyTo(y.Slice((oh * g.OutW) + o, Lanes));
        if (!indices.IsEmpty)
        {
            argmax.CopyTo(indices.Slice((oh * g.OutW) + o, Lanes));
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
