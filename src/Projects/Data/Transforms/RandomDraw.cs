namespace IlgpuNet.Data.Transforms;

/// <summary>The draws torchvision makes (uniform ranges, inclusive integer ranges, log-uniform ratios, normals).</summary>
internal static class RandomDraw
{
    public static double Uniform(Random random, double low, double high) => low + (high - low) * random.NextDouble();

    /// <summary>torch.randint(low, high + 1): an integer in [low, high].</summary>
    public static int Inclusive(Random random, int low, int high) => random.Next(low, high + 1);

    /// <summary>exp(uniform(log low, log high)), as torchvision draws aspect ratios.</summary>
    public static double LogUniform(Random random, double low, double high) => Math.Exp(Uniform(random, Math.Log(low), Math.Log(high)));

    /// <summary>Standard normal by Box-Muller.</summary>
    public static double Normal(Random random)
    {
        double u1 = 1.0 - random.NextDouble(); // (0, 1]: safe for the log
        double u2 = random.NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2);
    }

    /// <summary>Python's round (half to even) then int, as torchvision computes crop sizes.</summary>
    public static int RoundHalfEven(double value) => (int)Math.Round(value, MidpointRounding.ToEven);
}
