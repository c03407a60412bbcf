using IlgpuNet.Kernels;
using IlgpuNet.Kernels.Cpu;

namespace IlgpuNet.Tensors;

/// <summary>Factories: constant fills, ranges, copies of host arrays, and seeded random tensors.</summary>
public sealed partial class Tensor
{
    public static Tensor Zeros(int[] shape, DType dtype = DType.Float32, Device? device = null) => Full(shape, 0, dtype, device);

    public static Tensor Zeros(params int[] shape) => Zeros(shape, DType.Float32);

    public static Tensor Ones(int[] shape, DType dtype = DType.Float32, Device? device = null) => Full(shape, 1.0, dtype, device);

    public static Tensor Ones(params int[] shape) => Ones(shape, DType.Float32);

    public static Tensor Full(int[] shape, double value, DType dtype = DType.Float32, Device? device = null)
    {
        // storage starts uninitialised on every device (see Storage.Allocate)
        var t = RawOps.Empty(shape, dtype, device ?? Device.Cpu);
        RawOps.Fill(t, value);
        return t;
    }

    public static Tensor Scalar(double value, DType dtype = DType.Float32, Device? device = null) => Full([], value, dtype, device);

    public static Tensor ZerosLike(Tensor t) => Zeros(t.ShapeRef, t.DType, t.Device);

    public static Tensor OnesLike(Tensor t) => Ones(t.ShapeRef, t.DType, t.Device);

    public static Tensor FullLike(Tensor t, double value) => Full(t.ShapeRef, value, t.DType, t.Device);

    /// <summary>[start, end) in steps; int64 when all arguments are whole numbers and no dtype is given, as PyTorch.</summary>
    public static Tensor Arange(double start, double end, double step = 1, DType? dtype = null)
    {
        if (step == 0 || (end - start) / step < 0)
        {
            throw new ArgumentException($"arange: cannot go from {start} to {end} in steps of {step}");
        }

        int n = (int)Math.Ceiling((end - start) / step);
        bool integral = start == Math.Floor(start) && step == Math.Floor(step) && end == Math.Floor(end);
        var values = new double[n];
        for (int i = 0; i < n; i++)
        {
            values[i] = start + i * step;
        }

        return FromArray(values, n).To(dtype ?? (integral ? DType.Int64 : DType.Float32));
    }

    public static Tensor Arange(double end) => Arange(0, end);

    public static Tensor Linspace(double start, double end, int steps, DType dtype = DType.Float32)
    {
        var values = new double[steps];
        double step = steps > 1 ? (end - start) / (steps - 1) : 0;
        for (int i = 0; i < steps; i++)
        {
            // fill from both ends, as PyTorch does, so the last value is exactly `end`
            values[i] = i < steps / 2 ? start + step * i : end - step * (steps - 1 - i);
        }

        return FromArray(values, steps).To(dtype);
    }

    public static Tensor Eye(int n, DType dtype = DType.Float32)
    {
        var t = Zeros([n, n], dtype);
        RawOps.Fill(new Tensor(t.Storage, [n], [n + 1], 0), 1.0);
        return t;
    }

    public static Tensor FromArray(float[] data, params int[] shape) => FromHost(data, DType.Float32, shape);

    public static Tensor FromArray(double[] data, params int[] shape) => FromHost(data, DType.Float64, shape);

    public static Tensor FromArray(long[] data, params int[] shape) => FromHost(data, DType.Int64, shape);

    public static Tensor FromArray(int[] data, params int[] shape) => FromHost(data, DType.Int32, shape);

    public static Tensor FromArray(byte[] data, params int[] shape) => FromHost(data, DType.UInt8, shape);

    public static Tensor FromArray(bool[] data, params int[] shape)
        => FromHost(data.Select(b => b ? (byte)1 : (byte)0).ToArray(), DType.Bool, shape);

    /// <summary>
    /// A CPU tensor over <paramref name="data"/> itself, without a copy: the tensor takes the array over, so the caller
    /// must not touch it afterwards (file readers hand over arrays they just filled). <paramref name="data"/> must be the
    /// element array of <paramref name="dtype"/> (float[] for Float32, byte[] for UInt8 and Bool, ...).
    /// </summary>
    public static Tensor Adopt(Array data, DType dtype, params int[] shape)
    {
        var expected = dtype switch
        {
            DType.Float32 => typeof(float[]),
            DType.Float64 => typeof(double[]),
            DType.Int64 => typeof(long[]),
            DType.Int32 => typeof(int[]),
            _ => typeof(byte[]),
        };
        if (data.GetType() != expected || ShapeRules.Numel(shape) != data.Length)
        {
            throw new ArgumentException($"adopt: a {data.GetType().Name} of {data.Length} elements cannot be a {dtype} tensor of shape {ShapeRules.Format(shape)}");
        }

        return new Tensor(new Storage(data, dtype, Device.Cpu), (int[])shape.Clone());
    }

    /// <summary>Copies the array (the tensor never aliases caller memory); shape defaults to 1-D.</summary>
    private static Tensor FromHost(Array data, DType dtype, int[] shape)
    {
        if (shape.Length == 0)
        {
            shape = [data.Length];
        }

        if (ShapeRules.Numel(shape) != data.Length)
        {
            throw new ArgumentException($"from array: {data.Length} elements cannot have shape {ShapeRules.Format(shape)}");
        }

        return new Tensor(new Storage((Array)data.Clone(), dtype, Device.Cpu), (int[])shape.Clone());
    }

    // ---------------------------------------------------------------- random (Philox: element i depends on seed, offset, i)

    /// <summary>Uniform in [low, high).</summary>
    public static Tensor Rand(int[] shape, double low = 0, double high = 1, DType dtype = DType.Float32, Generator? generator = null)
    {
        var gen = generator ?? Generator.Default;
        int n = ShapeRules.Numel(shape);
        ulong offset = gen.Advance(Philox.BlocksForUniform(n));
        var values = new double[n];
        CpuParallel.For(n, 16, (s, e) =>
        {
            for (long i = s; i < e; i++)
            {
                values[i] = low + (high - low) * Philox.Uniform(gen.Seed, offset, i);
            }
        });
        return FromArray(values, shape).To(dtype);
    }

    public static Tensor Rand(params int[] shape) => Rand(shape, 0, 1);

    /// <summary>Normal(mean, std) by Box-Muller on Philox pairs.</summary>
    public static Tensor Randn(int[] shape, double mean = 0, double std = 1, DType dtype = DType.Float32, Generator? generator = null)
    {
        var gen = generator ?? Generator.Default;
        int n = ShapeRules.Numel(shape);
        ulong offset = gen.Advance(Philox.BlocksForNormal(n));
        var values = new double[n];
        CpuParallel.For(n, 32, (s, e) =>
        {
            for (long i = s; i < e; i++)
            {
                values[i] = mean + std * Philox.Normal(gen.Seed, offset, i);
            }
        });
        return FromArray(values, shape).To(dtype);
    }

    public static Tensor Randn(params int[] shape) => Randn(shape, 0, 1);

    /// <summary>1 with probability p, else 0: element i is 1 when its Philox uniform is below p.</summary>
    public static Tensor Bernoulli(int[] shape, double p, DType dtype = DType.Float32, Generator? generator = null)
        => RawOps.Compare(Rand(shape, 0, 1, DType.Float64, generator), Scalar(p, DType.Float64), CompareOp.Less).To(dtype);

    /// <summary>Integers uniform in [low, high), int64.</summary>
    public static Tensor Randint(long low, long high, int[] shape, Generator? generator = null)
    {
        if (high <= low)
        {
            throw new ArgumentException($"randint: empty range [{low}, {high})");
        }

        var u = Rand(shape, 0, 1, DType.Float64, generator).ToArray<double>();
        var values = u.Select(v => Math.Min(high - 1, low + (long)Math.Floor(v * (high - low)))).ToArray();
        return FromArray(values, shape);
    }

    /// <summary>A random permutation of 0..n-1 (int64): Fisher-Yates on the generator's stream.</summary>
    public static Tensor Randperm(int n, Generator? generator = null)
    {
        var gen = generator ?? Generator.Default;
        ulong offset = gen.Advance(Philox.BlocksForUniform(n));
        var perm = new long[n];
        for (int i = 0; i < n; i++)
        {
            perm[i] = i;
        }

        for (int i = n - 1; i > 0; i--)
        {
            int j = Math.Min(i, (int)(Philox.Uniform(gen.Seed, offset, i) * (i + 1)));
            (perm[i], perm[j]) = (perm[j], perm[i]);
        }

        return FromArray(perm, n);
    }

    /// <summary>Seeds the default generator (torch.manual_seed).</summary>
    public static void ManualSeed(ulong seed) => Generator.Default.ManualSeed(seed);
}
