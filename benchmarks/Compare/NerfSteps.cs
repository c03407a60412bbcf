using IlgpuNet.Kernels;
using IlgpuNet.Layers;
using IlgpuNet.Nerf;
using IlgpuNet.Nerf.Models;
using IlgpuNet.Nerf.Rendering;
using IlgpuNet.Nerf.Training;
using IlgpuNet.Tensors;

namespace IlgpuNet.Benchmarks.Compare;

/// <summary>
/// The NeRF training steps of the comparison, as torch_seed_models.py's nerf_full and nerf_fast write them in PyTorch:
/// same models, samples, batch, loss (MSE on the colour on white) and optimizer (Adam, as the runs train).
/// Items are rays; the batch is <see cref="PaperRays"/> and <see cref="FastRays"/> unless given.
/// nerf-full: the paper's coarse + fine step, 1024 rays, 64 stratified + 128 inverse-CDF samples (positional encoding,
/// two 8x256 MLPs with the skip and view branch, volume rendering twice, sample_pdf, sort), Adam 5e-4.
/// nerf-fast: the hash-grid model's step on 4096 rays x 32 samples inside the cube (16 levels x 2 features, 2^15 rows,
/// MLPs 32-64-16 and 32-64-64-3 without biases, volume rendering), Adam(0.9, 0.99, 1e-15) lr 1e-2; the ray marching
/// through the occupancy grid is not timed on either side.
/// </summary>
public static class NerfSteps
{
    public const int PaperRays = 1024;
    public const int FastRays = 4096;
    public const int FastSamples = 32;

    public static Action Paper(int rays)
    {
        var options = NerfOptions.For(NerfVariant.Nerf);
        var model = RadianceModel.Create(options, new Generator(0));
        var optimizer = NerfOptimizer.Create(options, model);
        var batch = RandomRays(rays, 1);
        var target = Tensor.Rand([rays, 3], generator: new Generator(2));
        ulong key = 0;
        return () =>
        {
            optimizer.ZeroGrad();
            var rendered = model.Render(batch, training: true, ++key); // fresh stratified and inverse-CDF samples each step
            using var loss = Functional.MseLoss(rendered.Color, target).Add(Functional.MseLoss(rendered.CoarseColor!, target));
            loss.Backward();
            optimizer.Step();
        };
    }

    public static Action Fast(int rays)
    {
        var options = NerfOptions.For(NerfVariant.Fast);
        var model = (FastNerf)RadianceModel.Create(options, new Generator(0));
        var optimizer = NerfOptimizer.Create(options, model);
        var samples = UniformSamples(rays, FastSamples, (float)model.StepLength, 3);
        var target = Tensor.Rand([rays, 3], generator: new Generator(4));
        return () =>
        {
            optimizer.ZeroGrad();
            using var loss = Functional.MseLoss(model.Shade(samples).Color, target);
            loss.Backward();
            optimizer.Step();
        };
    }

    // Cameras 4 from the origin, each ray aimed at a point in [-1, 1]³ (unit directions; the scene is inside).
    private static RayBatch RandomRays(int count, ulong seed)
    {
        var rays = new RayBatch(count);
        rays.Resize(count);
        for (int r = 0; r < count; r++)
        {
            var pose = CameraPoses.OnSphere(4, 360 * Philox.Uniform(seed, 0, 5L * r), 10 + (60 * Philox.Uniform(seed, 0, (5L * r) + 1)));
            double[] aim = [2 * Philox.Uniform(seed, 0, (5L * r) + 2) - 1, 2 * Philox.Uniform(seed, 0, (5L * r) + 3) - 1, 2 * Philox.Uniform(seed, 0, (5L * r) + 4) - 1];
            double[] d = [aim[0] - pose[3], aim[1] - pose[7], aim[2] - pose[11]];
            double norm = Math.Sqrt((d[0] * d[0]) + (d[1] * d[1]) + (d[2] * d[2]));
            for (int k = 0; k < 3; k++)
            {
                rays.Origins[(3 * r) + k] = (float)pose[(4 * k) + 3];
                rays.Directions[(3 * r) + k] = (float)(d[k] / norm);
            }
        }

        return rays;
    }

    // Every ray full: samples uniform in the middle of the unit cube, random unit directions' harmonics, one step apart.
    private static SampleBatch UniformSamples(int rays, int perRay, float step, ulong seed)
    {
        var samples = new SampleBatch(rays, rays * perRay, perRay);
        Span<float> harmonics = stackalloc float[SphericalHarmonics.Width];
        for (int r = 0; r < rays; r++)
        {
            double z = 2 * Philox.Uniform(seed, 1, r) - 1, phi = 2 * Math.PI * Philox.Uniform(seed, 2, r), s = Math.Sqrt(1 - (z * z));
            SphericalHarmonics.Encode((float)(s * Math.Cos(phi)), (float)(s * Math.Sin(phi)), (float)z, harmonics);
            for (int i = 0; i < perRay; i++)
            {
                int k = (r * perRay) + i;
                for (int d = 0; d < 3; d++)
                {
                    samples.Positions[(3 * k) + d] = 0.25f + (0.5f * Philox.Uniform(seed, 0, (3L * k) + d));
                }

                harmonics.CopyTo(samples.Directions.AsSpan(SphericalHarmonics.Width * k, SphericalHarmonics.Width));
                samples.PaddedIndex[k] = k;
                samples.PaddedDepths[k] = 2 + (i * step);
                samples.PaddedDistances[k] = step;
            }
        }

        return samples;
    }
}
