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
        => FillRandom("uniform_", normal: false, low, high - low, generator);

    /// <summary>Fills with Normal(mean, std) values (nn.init.normal_).</summary>
    public Tensor NormalInPlace(double mean, double std, Generator? generator = null)
        => FillRandom("normal_", normal: true, mean, std, generator);

    // value_i = shift + scale * u_i, u_i the i-th Philox uniform (or normal) of this draw, exactly as Rand/Randn.
    private Tensor FillRandom(string op, bool normal, double shift, double scale, Generator? generator)
    {
        CheckInPlace(op);
        RawOps.RequireFloat(op, this);
        if (!IsContiguous || !Device.IsCpu)
        {
            // rare (a view of a parameter, or a parameter already on a device): draw into a dense host copy, copy in
            var dense = RawOps.Empty(shape, DType, Device.Cpu);
            dense.FillRandom(op, normal, shift, scale, generator);
            RawOps.CopyInto(this, dense);
            return this;
        }

        var gen = generator ?? Generator.Default;
        long n = Numel;
        ulong blocks = normal ? Philox.BlocksForNormal(n) : Philox.BlocksForUniform(n);
        ulong seed = gen.Seed, offset = gen.Advance(blocks);
        int perBlock = normal ? 2 : 4, start = Offset;
        var data = Storage.Data;
        CpuParallel.For((long)blocks, 64, (s, e) =>
        {
            Span<double> values = stackalloc double[4];
            for (long b = s; b < e; b++)
            {
                // one Philox block serves 4 uniforms or 2 normals (Philox.Uniform / Philox.Normal per element would
                // recompute it for each)
                long first = b * perBlock;
                int count = (int)Math.Min(perBlock, n - first);
                var block = Philox.Block(seed, offset + (ulong)b);
                for (int k = 0; k < count; k++)
                {
                    // the lane mapping and Box-Muller of Philox.Uniform / Philox.Normal (a test pins the equality)
                    float u = normal
                        ? MathF.Sqrt(-2.0f * MathF.Log(Philox.ToUniformOpenZero(Philox.Lane(block, 2 * k))))
                            * MathF.Cos(2.0f * MathF.PI * Philox.ToUniform(Philox.Lane(block, 2 * k + 1)))
                        : Philox.ToUniform(Philox.Lane(block, k));
                    values[k] = shift + scale * u;
                }

                for (int k = 0; k < count; k++)
                {
                    long at = start + first + k;
                    if (data is float[] f)
                    {
                        f[at] = (float)values[k];
                    }
                    else
                    {
                        ((double[])data)[at] = values[k];
                    }
                }
            }
        });
        return this;
    }
}
