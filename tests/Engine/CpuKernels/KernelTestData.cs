namespace IlgpuNet.Tests.Engine.CpuKernels;

/// <summary>Random buffers, inner products and closeness checks shared by the CPU kernel tests.</summary>
internal static class KernelTestData
{
    public static double[] Random(long length, int seed, double scale = 1.0)
    {
        var rng = new Random(seed);
        var a = new double[length];
        for (long i = 0; i < length; i++)
        {
            a[i] = (rng.NextDouble() * 2 - 1) * scale;
        }

        return a;
    }

    /// <summary>Output buffers start as NaN so an element a kernel forgets to write fails the comparison.</summary>
    public static T[] Poisoned<T>(long length)
        where T : System.Numerics.IFloatingPointIeee754<T>
    {
        var a = new T[length];
        Array.Fill(a, T.NaN);
        return a;
    }

    public static float[] ToFloat(double[] a) => Array.ConvertAll(a, v => (float)v);

    public static double Dot(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        Assert.Equal(a.Length, b.Length);
        double s = 0;
        for (int i = 0; i < a.Length; i++)
        {
            s += a[i] * b[i];
        }

        return s;
    }

    public static void AssertClose(ReadOnlySpan<double> expected, ReadOnlySpan<double> actual, double tol)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
        {
            double diff = Math.Abs(expected[i] - actual[i]);
            if (!(diff <= tol * (1 + Math.Abs(expected[i]))))
            {
                Assert.Fail($"element {i}: expected {expected[i]:R}, got {actual[i]:R}");
            }
        }
    }

    public static void AssertClose(ReadOnlySpan<double> expected, ReadOnlySpan<float> actual, double tol)
    {
        var a = new double[actual.Length];
        for (int i = 0; i < a.Length; i++)
        {
            a[i] = actual[i];
        }

        AssertClose(expected, a, tol);
    }

    /// <summary>Adjoint identity &lt;a, b&gt; == &lt;c, d&gt; up to rounding of the sums.</summary>
    public static void AssertAdjoint(double lhs, double rhs) =>
        Assert.True(Math.Abs(lhs - rhs) <= 1e-11 * (1 + Math.Abs(lhs)), $"<dy, f(x)> = {lhs:R} but <f*(dy), x> = {rhs:R}");
}
