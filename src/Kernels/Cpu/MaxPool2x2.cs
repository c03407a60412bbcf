using System.Runtime.Intrinsics;

namespace IlgpuNet.Kernels.Cpu;

/// <summary>
/// float32 max_pool2d with the most common window, 2×2 at stride 2 without padding or dilation (Table-2's three pools,
/// the colourization networks'): eight outputs at a time from two 16-column loads of each input row, split into even
/// and odd columns, the four taps compared in row-major order with the general kernel's rule (strictly greater or
/// NaN wins, so the first maximum wins and NaN propagates). No guard cells, phases or per-row set-up as
/// <see cref="MaxPool2dRows"/> needs for any window; the last odd row or column is left out (floor mode).
/// </summary>
internal static class MaxPool2x2
{
    private const int Lanes = 8;

    public static bool Applies<T>(Pool2dGeometry g)
        => typeof(T) == typeof(float) && g.KernelH == 2 && g.KernelW == 2 && g.StrideH == 2 && g.StrideW == 2
           && g.PadH == 0 && g.PadW == 0 && g.DilationH == 1 && g.DilationW == 1 && g.OutH == g.InH / 2 && g.OutW == g.InW / 2;

    // x plane (H, W) → y plane (H/2, W/2) and indices (H/2, W/2) (or empty): flat h·W + w of each window's max
    public static void Plane(Pool2dGeometry g, ReadOnlySpan<float> x, Span<float> y, Span<int> indices)
    {
        int w = g.InW, ow = g.OutW;
        var evenColumn = Vector256.Create(0, 2, 4, 6, 8, 10, 12, 14);
        var split = Vector256.Create(0, 2, 4, 6, 1, 3, 5, 7);
        for (int oh = 0; oh < g.OutH; oh++)
        {
            var top = x.Slice(2 * oh * w, w);
            var bottom = x.Slice((2 * oh + 1) * w, w);
            var yRow = y.Slice(oh * ow, ow);
            int rowBase = 2 * oh * w;
            int o = 0;
            for (; o <= ow - Lanes; o += Lanes)
            {
                var (topEven, topOdd) = Split(top.Slice(2 * o, 2 * Lanes), split);
                var (bottomEven, bottomOdd) = Split(bottom.Slice(2 * o, 2 * Lanes), split);
                var column = evenColumn + Vector256.Create(rowBase + 2 * o); // tap (0, 0)'s flat index
                var best = topEven;
                var at = column;
                Take(topOdd, column + Vector256.Create(1), ref best, ref at);
                Take(bottomEven, column + Vector256.Create(w), ref best, ref at);
                Take(bottomOdd, column + Vector256.Create(w + 1), ref best, ref at);
                best.CopyTo(yRow.Slice(o, Lanes));
                if (!indices.IsEmpty)
                {
                    at.CopyTo(indices.Slice(oh * ow + o, Lanes));
                }
            }

            for (; o < ow; o++)
            {
                int first = rowBase + 2 * o;
                float best = x[first];
                int at = first;
                foreach (int tap in (ReadOnlySpan<int>)[first + 1, first + w, first + w + 1])
                {
                    if (x[tap] > best || float.IsNaN(x[tap]))
                    {
                        best = x[tap];
                        at = tap;
                    }
                }

                yRow[o] = best;
                if (!indices.IsEmpty)
                {
                    indices[oh * ow + o] = at;
                }
            }
        }
    }

    // a later tap wins where it is strictly greater or NaN
    private static void Take(Vector256<float> value, Vector256<int> index, ref Vector256<float> best, ref Vector256<int> at)
    {
        var wins = Vector256.GreaterThan(value, best) | ~Vector256.Equals(value, value);
        best = Vector256.ConditionalSelect(wins, value, best);
        at = Vector256.ConditionalSelect(wins.AsInt32(), index, at);
    }

    // 16 consecutive columns → (the 8 even ones, the 8 odd ones)
    private static (Vector256<float> Even, Vector256<float> Odd) Split(ReadOnlySpan<float> columns, Vector256<int> split)
    {
        var first = Vector256.Shuffle(Vector256.Create(columns[..Lanes]), split);
        var second = Vector256.Shuffle(Vector256.Create(columns[Lanes..]), split);
        return (Vector256.Create(first.GetLower(), second.GetLower()), Vector256.Create(first.GetUpper(), second.GetUpper()));
    }
}
