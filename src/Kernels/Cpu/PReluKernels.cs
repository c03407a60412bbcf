using System.Numerics;

namespace IlgpuNet.Kernels.Cpu;

/// <summary>
/// PReLU over (N, C, S) viewed as N·C planes of S elements, one slope per channel (C = 1: one shared slope), forward
/// and backward side by side. PyTorch's rule at zero: x &gt; 0 passes, so x = 0 takes the slope's branch.
/// </summary>
public static class PReluKernels
{
    // y = x > 0 ? x : a[c] x          x, y: (N, C, S) contiguous, a: (C)
    public static void Forward<T>(T[] x, int xOffset, T[] a, int aOffset, T[] y, int n, int c, int s)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        CpuParallel.For((long)n * c, s, (start, end) =>
        {
            for (long plane = start; plane < end; plane++)
            {
                var slope = new Vector<T>(a[aOffset + (int)(plane % c)]);
                var xp = x.AsSpan(xOffset + (int)(plane * s), s);
                var yp = y.AsSpan((int)(plane * s), s);
                int i = 0;
                for (; i <= s - Vector<T>.Count; i += Vector<T>.Count)
                {
                    var v = new Vector<T>(xp[i..]);
                    Vector.ConditionalSelect(Vector.GreaterThan(v, Vector<T>.Zero), v, v * slope).CopyTo(yp[i..]);
                }

                for (; i < s; i++)
                {
                    yp[i] = xp[i] > T.Zero ? xp[i] : slope[0] * xp[i];
                }
            }
        });
    }

    // dx = x > 0 ? g : a[c] g,  da[c] = sum over n and s of (x > 0 ? 0 : x g)
    // Workers split channels, so each da[c] is one worker's sum (no partial sums to merge).
    public static void Backward<T>(T[] g, int gOffset, T[] x, int xOffset, T[] a, int aOffset, T[]? dx, T[]? da, int n, int c, int s)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        CpuParallel.For(c, (long)n * s, (start, end) =>
        {
            for (int ch = (int)start; ch < end; ch++)
            {
                var slope = new Vector<T>(a[aOffset + ch]);
                var sum = Vector<T>.Zero;
                T tail = T.Zero;
                for (int image = 0; image < n; image++)
                {
                    int at = (image * c + ch) * s;
                    var gp = g.AsSpan(gOffset + at, s);
                    var xp = x.AsSpan(xOffset + at, s);
                    var dxp = dx is null ? default : dx.AsSpan(at, s);
                    int i = 0;
                    for (; i <= s - Vector<T>.Count; i += Vector<T>.Count)
                    {
                        var gv = new Vector<T>(gp[i..]);
                        var xv = new Vector<T>(xp[i..]);
                        var positive = Vector.GreaterThan(xv, Vector<T>.Zero);
                        if (dx is not null)
                        {
                            Vector.ConditionalSelect(positive, gv, gv * slope).CopyTo(dxp[i..]);
                        }

                        sum += Vector.ConditionalSelect(positive, Vector<T>.Zero, xv * gv);
                    }

                    for (; i < s; i++)
                    {
                        bool positive = xp[i] > T.Zero;
                        if (dx is not null)
                        {
                            dxp[i] = positive ? gp[i] : slope[0] * gp[i];
                        }

                        tail += positive ? T.Zero : xp[i] * gp[i];
                    }
                }

                if (da is not null)
                {
                    da[ch] = Vector.Sum(sum) + tail;
                }
            }
        });
    }
}
