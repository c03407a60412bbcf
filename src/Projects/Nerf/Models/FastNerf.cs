using IlgpuNet.Autograd;
using IlgpuNet.Kernels;
using IlgpuNet.Kernels.Cpu;
using IlgpuNet.Layers;
using IlgpuNet.Nerf.Rendering;
using IlgpuNet.Tensors;

namespace IlgpuNet.Nerf.Models;

/// <summary>
/// Instant-NGP's NeRF (Müller et al. 2022) on the engine: positions in the bounding cube go through the
/// multiresolution hash encoding, a one-hidden-layer density MLP (16 outputs, density = exp(first - 1)) and a
/// two-hidden-layer colour MLP that also reads the view direction's spherical harmonics (degree 4); MLPs of width 64
/// without biases. Rays are marched with a fixed step (the cube's diagonal / MarchSteps) and only samples in cells the
/// <see cref="OccupancyGrid"/> marks occupied are evaluated, which is what makes it fast.
/// On a device the per-sample work (encoding, MLPs, volume rendering, their backward) runs there; the marching and the
/// grid's bookkeeping stay on the host, where the grid lives (G³ bytes), and hand the device one packed upload of the
/// samples per step; a grid update brings back one density per cell.
/// </summary>
public sealed class FastNerf : RadianceModel
{
    private const int GeometryFeatures = 16;
    private const int GridChunk = 1 << 16;

    private readonly HashGridEncoding encoding;
    private readonly Sequential densityNet;
    private readonly Sequential colorNet;
    private readonly OccupancyGrid grid;

    public FastNerf(NerfOptions options, Generator? generator = null)
        : base(options)
    {
        var geometry = new HashGridGeometry(options.HashLevels, options.HashFeatures, 1 << options.HashTableLog2,
            options.HashBaseResolution, options.HashMaxResolution);
        int width = options.HiddenWidth;
        encoding = RegisterModule("encoding", new HashGridEncoding(geometry, generator));
        densityNet = RegisterModule("density_net", new Sequential(
            new Linear(geometry.OutputFeatures, width, bias: false, generator: generator), new ReLU(),
            new Linear(width, GeometryFeatures, bias: false, generator: generator)));
        colorNet = RegisterModule("color_net", new Sequential(
            new Linear(GeometryFeatures + SphericalHarmonics.Width, width, bias: false, generator: generator), new ReLU(),
            new Linear(width, width, bias: false, generator: generator), new ReLU(),
            new Linear(width, 3, bias: false, generator: generator)));
        StepLength = 2 * options.Bound * Math.Sqrt(3) / options.MarchSteps;
        grid = new OccupancyGrid(options.GridResolution, options.Bound, StepLength);
        int g = options.GridResolution;
        RegisterBuffer("occupancy", Tensor.Zeros(g, g, g));
        RegisterBuffer("occupancy_updates", Tensor.Zeros(1));
    }

    /// <summary>World-space distance between two marching samples.</summary>
    public double StepLength { get; }

    public OccupancyGrid Grid => grid;

    public override void BeforeStep(int step)
    {
        if (step >= Options.GridWarmup && (step - Options.GridWarmup) % Options.GridUpdateEvery == 0)
        {
            UpdateGrid((ulong)step);
        }
    }

    public override RenderedRays Render(RayBatch rays, bool training, ulong randomKey) => Shade(March(rays, training, randomKey));

    /// <summary>Densities and colours of the samples through the encoding and the MLPs, volume-rendered per ray.</summary>
    public RenderedRays Shade(SampleBatch samples)
    {
        int count = samples.Rays;
        if (samples.Total == 0)
        {
            var background = Tensor.Full([count, 3], Background, device: Device);
            return new RenderedRays(background, Tensor.Zeros([count], device: Device), Tensor.Zeros([count], device: Device), null, 0);
        }

        var features = densityNet.Call(encoding.Call(Input(samples.Positions, samples.Total, 3)));
        var sigma = Density(features);
        var rgb = colorNet.Call(Tensor.Cat([features, Input(samples.Directions, samples.Total, SphericalHarmonics.Width)], 1)).Sigmoid();

        // ragged samples → (R, S) rows padded with a zero-density sample (index Total of the extended arrays)
        var index = Input(samples.PaddedIndex, count * samples.Width);
        var paddedSigma = Tensor.Cat([sigma, Tensor.Zeros([1], device: Device)]).IndexSelect(0, index).Reshape(count, samples.Width);
        var paddedRgb = Tensor.Cat([rgb, Tensor.Zeros([1, 3], device: Device)]).IndexSelect(0, index).Reshape(count, samples.Width, 3);
        var rendering = Functional.VolumeRender(paddedSigma, paddedRgb, Input(samples.PaddedDepths, count, samples.Width),
            Input(samples.PaddedDistances, count, samples.Width));
        return new RenderedRays(Composite(rendering), rendering.Depth, rendering.Opacity, null, samples.Total);
    }

    // exp(h - 1) of the first density-net output, clamped to e^±15: the shift (nerfacc's Instant-NGP recipe) starts the
    // density near e^-1, below the occupancy threshold of about 1 at the default step, so the first grid update keeps
    // the cells above the mean (about half) instead of every cell.
    private static Tensor Density(Tensor features) => features.Select(1, 0).Sub(1).Clamp(-15, 15).Exp();

    protected override void OnStateLoaded()
    {
        bool estimated = GetBuffer("occupancy_updates")!.Item() > 0;
        grid.Restore(GetBuffer("occupancy")!.ToArray(), estimated);
    }

    // Densities at one random point per cell, folded into the grid; the buffers keep them for checkpoints. On a device
    // the densities are computed there and copied to the host (G³ floats, 128 KB at the default 32³) for the bookkeeping.
    private void UpdateGrid(ulong key)
    {
        var points = grid.SamplePoints(Options.Seed + 0x9E3779B97F4A7C15UL, key * (ulong)grid.CellCount);
        var densities = new float[grid.CellCount];
        using (GradMode.NoGrad())
        {
            for (int start = 0; start < grid.CellCount; start += GridChunk)
            {
                int n = Math.Min(GridChunk, grid.CellCount - start);
                var chunk = Input(points.AsSpan(3 * start, 3 * n).ToArray(), n, 3);
                Density(densityNet.Call(encoding.Call(chunk))).ToArray().CopyTo(densities, start);
            }

            grid.Update(densities);
            int g = grid.Resolution;
            GetBuffer("occupancy")!.CopyFrom(Tensor.FromArray(grid.Density, g, g, g));
            var updates = GetBuffer("occupancy_updates")!;
            updates.CopyFrom(Tensor.Full([1], updates.Item() + 1));
        }
    }

    /// <summary>
    /// Fixed-step marching through the cube, keeping samples in occupied cells: two passes (count, then fill) so rays
    /// are marched in parallel and the samples land packed, ray after ray. Training jitters each ray's first sample.
    /// Runs on the host for every device: the rays and the occupancy grid are there, and <see cref="Shade"/> uploads
    /// the packed samples.
    /// </summary>
    public SampleBatch March(RayBatch rays, bool training, ulong randomKey)
    {
        int count = rays.Count;
        var counts = new int[count];
        var spans = new (float Start, float Step, float End)[count];
        float bound = (float)Options.Bound, stepLength = (float)StepLength;
        CpuParallel.For(count, 256, (first, end) =>
        {
            for (long r = first; r < end; r++)
            {
                var o = rays.Origins.AsSpan((int)(3 * r), 3);
                var d = rays.Directions.AsSpan((int)(3 * r), 3);
                float norm = MathF.Sqrt((d[0] * d[0]) + (d[1] * d[1]) + (d[2] * d[2]));
                var (near, far) = CubeInterval(o, d, bound, (float)Options.Near, (float)Options.Far);
                float step = stepLength / norm;
                float jitter = training ? Philox.Uniform(randomKey, 0, r) : 0.5f;
                spans[r] = (near + (jitter * step), step, far);
                int n = 0;
                for (float t = spans[r].Start; t < far; t += step)
                {
                    if (grid.IsOccupied(o[0] + (t * d[0]), o[1] + (t * d[1]), o[2] + (t * d[2])))
                    {
                        n++;
                    }
                }

                counts[r] = n;
            }
        });

        var offsets = new int[count + 1];
        for (int r = 0; r < count; r++)
        {
            offsets[r + 1] = offsets[r] + counts[r];
        }

        int total = offsets[count], width = Math.Max(1, counts.Length == 0 ? 1 : counts.Max());
        var samples = new SampleBatch(count, total, width);
        float scale = 1 / (2 * bound);
        CpuParallel.For(count, 256, (first, end) =>
        {
            Span<float> sh = stackalloc float[SphericalHarmonics.Width];
            for (long r = first; r < end; r++)
            {
                var o = rays.Origins.AsSpan((int)(3 * r), 3);
                var d = rays.Directions.AsSpan((int)(3 * r), 3);
                float norm = MathF.Sqrt((d[0] * d[0]) + (d[1] * d[1]) + (d[2] * d[2]));
                SphericalHarmonics.Encode(d[0] / norm, d[1] / norm, d[2] / norm, sh);
                var (start, step, far) = spans[r];
                int k = offsets[r], j = 0;
                long row = r * width;
                for (float t = start; t < far; t += step)
                {
                    float x = o[0] + (t * d[0]), y = o[1] + (t * d[1]), z = o[2] + (t * d[2]);
                    if (!grid.IsOccupied(x, y, z))
                    {
                        continue;
                    }

                    samples.Positions[3 * k] = (x + bound) * scale;
                    samples.Positions[(3 * k) + 1] = (y + bound) * scale;
                    samples.Positions[(3 * k) + 2] = (z + bound) * scale;
                    sh.CopyTo(samples.Directions.AsSpan(SphericalHarmonics.Width * k, SphericalHarmonics.Width));
                    samples.PaddedIndex[row + j] = k;
                    samples.PaddedDepths[row + j] = t;
                    samples.PaddedDistances[row + j] = stepLength;
                    k++;
                    j++;
                }

                for (; j < width; j++)
                {
                    samples.PaddedIndex[row + j] = total;
                    samples.PaddedDepths[row + j] = far;
                }
            }
        });
        return samples;
    }

    // [near, far] ∩ the slab intervals of [-bound, bound]³ along o + t d (empty: near >= far).
    private static (float Near, float Far) CubeInterval(ReadOnlySpan<float> o, ReadOnlySpan<float> d, float bound, float near, float far)
    {
        for (int axis = 0; axis < 3; axis++)
        {
            float inverse = 1 / d[axis];
            float t0 = (-bound - o[axis]) * inverse, t1 = (bound - o[axis]) * inverse;
            near = Math.Max(near, Math.Min(t0, t1));
            far = Math.Min(far, Math.Max(t0, t1));
        }

        return (near, far);
    }
}
