using IlgpuNet.Kernels;
using IlgpuNet.Kernels.Cpu;

namespace IlgpuNet.Tensors;

/// <summary>
/// In-place random fills for weight initialisation (torch.nn.init's uniform_ / normal_): they write the parameter's
/// own storage, drawing the same Philox stream as <see cref="Rand"/> / <see cref="Randn"/> without the temporary
/// copies (VGG16's 25088x4096 weight would otherwise take gigabytes of double buffers).
/// </summary>
public sealed partial class Tensor
{
    /// <summary>Fills with uniform values in [low, high) (nn.init.uniform_).</summary>
    public Tensor UniformInPlace(double low, double high, Generator? generator = null)
        => FillRandom("uniform_", Philox.BlocksForUniform(Numel), generator,
            (seed, offset, i) => low + (high - low) * Philox.Uniform(seed, offset, i));

    /// <summary>Fills with Normal(mean, std) values (nn.init.normal_).</summary>
    public Tensor NormalInPlace(double mean, double std, Generator? generator = null)
        => FillRandom("normal_", Philox.BlocksForNormal(Numel), generator,
            (seed, offset, i) => mean + std * Philox.Normal(seed, offset, i));

    private Tensor FillRandom(string op, ulong blocks, Generator? generator, Func<ulong, ulong, long, double> draw)
    {
        CheckInPlace(op);
        RawOps.RequireFloat(op, this);
        if (!IsContiguous)
        {
            // rare (a view of a parameter): draw into a dense copy and copy back
            var dense = RawOps.Empty(shape, DType, Device);
            dense.FillRandom(op, blocks, generator, draw);
            RawOps.CopyInto(this, dense);
            return this;
        }

        var gen = generator ?? Generator.Default;
        ulong seed = gen.Seed, offset = gen.Advance(blocks);
        int start = Offset;
        switch (Storage.Data)
        {
            case float[] f:
                CpuParallel.For(Numel, 32, (s, e) =>
                {
                    for (long i = s; i < e; i++)
                    {
                        f[start + i] = (float)draw(seed, offset, i);
                    }
                });
                break;
            case double[] d:
                CpuParallel.For(Numel, 32, (s, e) =>
                {
                    for (long i = s; i < e; i++)
                    {
                        d[start + i] = draw(seed, offset, i);
                    }
                });
                break;
        }

        return this;
    }
}
