using IlgpuNet.Kernels;
using IlgpuNet.Kernels.Cpu;
using IlgpuNet.Nerf.Rendering;
using IlgpuNet.Nerf.Scenes;

namespace IlgpuNet.Nerf.Training;

/// <summary>
/// Every pixel of every training view as one pool of rays, served in batches: each pass over the pool is a fresh
/// permutation drawn from (seed, pass), and batch b of size B covers positions [bB, (b+1)B) of the passes laid end to
/// end, so step b draws the same rays whether or not the run was interrupted. During the first precrop steps rays come
/// from the central crop of random views instead (nerf-pytorch's precrop, which keeps early training off the background).
/// </summary>
public sealed class RayPool
{
    private readonly SceneViews views;
    private readonly ulong seed;
    private readonly int precropSteps;
    private readonly double precropFraction;
    private readonly int pixelsPerView;
    private int[] permutation = [];
    private long permutationPass = -1;

    public RayPool(SceneViews views, ulong seed, int precropSteps = 0, double precropFraction = 0.5)
    {
        this.views = views;
        this.seed = seed;
        this.precropSteps = precropSteps;
        this.precropFraction = precropFraction;
        pixelsPerView = views.Camera.Width * views.Camera.Height;
        Count = (long)pixelsPerView * views.Count;
        if (Count > int.MaxValue)
        {
            throw new ArgumentException($"{Count} training rays: more than a pool holds (2^31 - 1); use a larger --downscale");
        }
    }

    /// <summary>Rays in the pool (pixels of all training views).</summary>
    public long Count { get; }

    /// <summary>Fills <paramref name="rays"/> and their target colours <paramref name="targets"/> [B, 3] for step <paramref name="step"/>.</summary>
    public void Fill(int step, int batchSize, RayBatch rays, float[] targets)
    {
        rays.Resize(batchSize);
        if (step < precropSteps)
        {
            FillFromCrops(step, batchSize, rays, targets);
            return;
        }

        long position = (long)(step - precropSteps) * batchSize;
        for (int i = 0; i < batchSize; i++, position++)
        {
            long pass = position / Count;
            if (pass != permutationPass)
            {
                permutation = Permutation(pass);
                permutationPass = pass;
            }

            SetRay(permutation[position % Count], i, rays, targets);
        }
    }

    private void FillFromCrops(int step, int batchSize, RayBatch rays, float[] targets)
    {
        var camera = views.Camera;
        int cropWidth = Math.Max(1, (int)(camera.Width * precropFraction)), cropHeight = Math.Max(1, (int)(camera.Height * precropFraction));
        int left = (camera.Width - cropWidth) / 2, top = (camera.Height - cropHeight) / 2;
        ulong key = seed ^ 0x5851F42D4C957F2DUL;
        for (int i = 0; i < batchSize; i++)
        {
            var block = Philox.Block(key, ((ulong)step << 32) | (uint)i);
            int view = (int)(block.X0 % (uint)views.Count), x = left + (int)(block.X1 % (uint)cropWidth), y = top + (int)(block.X2 % (uint)cropHeight);
            SetRay(((long)view * pixelsPerView) + ((long)y * camera.Width) + x, i, rays, targets);
        }
    }

    private void SetRay(long pixel, int slot, RayBatch rays, float[] targets)
    {
        int view = (int)(pixel / pixelsPerView), within = (int)(pixel % pixelsPerView);
        int width = views.Camera.Width, y = within / width, x = within % width;
        views.Camera.Ray(views.Poses[view], x, y, rays.Origins.AsSpan(3 * slot, 3), rays.Directions.AsSpan(3 * slot, 3));
        var image = views.Images[view];
        for (int c = 0; c < 3; c++)
        {
            targets[(3 * slot) + c] = image.At(c, y, x);
        }
    }

    // Fisher-Yates with 64-bit draws from Philox keyed by (seed, pass): the same permutation on every run and machine.
    private int[] Permutation(long pass)
    {
        var order = new int[Count];
        CpuParallel.For(Count, 1, (first, end) =>
        {
            for (long i = first; i < end; i++)
            {
                order[i] = (int)i;
            }
        });
        ulong key = seed + (0x9E3779B97F4A7C15UL * (ulong)(pass + 1));
        for (long i = Count - 1; i > 0; i--)
        {
            var block = Philox.Block(key, (ulong)i);
            ulong draw = ((ulong)block.X0 << 32) | block.X1;
            long j = (long)(draw % (ulong)(i + 1));
            (order[i], order[j]) = (order[j], order[i]);
        }

        return order;
    }
}
