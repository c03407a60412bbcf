using IlgpuNet.Data;
using IlgpuNet.Data.Imaging;
using IlgpuNet.Kernels;
using IlgpuNet.Tensors;

namespace IlgpuNet.SuperResolution;

/// <summary>
/// Draws training batches from prepared luma pairs: each patch is uniform over every position of every augmented
/// version (the paper's sub-images at stride 1) and turned by a random multiple of 90°. Patch i of epoch e depends only
/// on (seed, e, i), through Philox, so a run — resumed or not — sees the same batches for the same seed.
/// </summary>
public sealed class PatchSampler
{
    // Low-resolution rows kept around an upsampled patch: the bicubic kernel reaches 2 rows out, one more to spare.
    private const int UpsamplingMargin = 3;

    private readonly IReadOnlyList<LumaPair> versions;
    private readonly long[] firstPosition; // cumulative count of patch positions before each version
    private readonly int[] positionsAcross;
    private readonly ulong seed;

    public PatchSampler(IReadOnlyList<LumaPair> versions, int scale, PatchLayout layout, ulong seed)
    {
        this.versions = versions;
        Scale = scale;
        Layout = layout;
        this.seed = seed ^ 0x5EED_5A3B_1E00_0000UL; // a stream apart from the one that initialises the weights
        firstPosition = new long[versions.Count + 1];
        positionsAcross = new int[versions.Count];
        for (int v = 0; v < versions.Count; v++)
        {
            var (rows, columns) = PositionCounts(versions[v].LowRes);
            positionsAcross[v] = columns;
            firstPosition[v + 1] = firstPosition[v] + (long)rows * columns;
        }

        if (PositionCount == 0)
        {
            throw new ArgumentException($"no training image is large enough for {layout.InputSize}-pixel patches at scale {scale}");
        }
    }

    public int Scale { get; }

    public PatchLayout Layout { get; }

    /// <summary>Distinct (image, position) pairs patches are drawn from, before rotation.</summary>
    public long PositionCount => firstPosition[^1];

    /// <summary>Batch <paramref name="batchIndex"/> of <paramref name="epoch"/>: input (B, 1, In, In) and target (B, 1, T, T) tensors.</summary>
    public (Tensor Input, Tensor Target) Batch(int epoch, int batchIndex, int batchSize)
    {
        int inputArea = Layout.InputSize * Layout.InputSize, targetArea = Layout.TargetSize * Layout.TargetSize;
        var inputs = new float[batchSize * inputArea];
        var targets = new float[batchSize * targetArea];
        for (int i = 0; i < batchSize; i++)
        {
            ulong counter = ((ulong)(uint)epoch << 32) | (uint)(batchIndex * batchSize + i);
            var (input, target) = Draw(counter);
            input.CopyTo(inputs, i * inputArea);
            target.CopyTo(targets, i * targetArea);
        }

        return (Tensor.FromArray(inputs, batchSize, 1, Layout.InputSize, Layout.InputSize),
            Tensor.FromArray(targets, batchSize, 1, Layout.TargetSize, Layout.TargetSize));
    }

    private (float[] Input, float[] Target) Draw(ulong counter)
    {
        var bits = Philox.Block(seed, counter);
        ulong position = (((ulong)bits.X0 << 32) | bits.X1) % (ulong)PositionCount;
        int turns = (int)(bits.X2 & 3);
        int v = Array.BinarySearch(firstPosition, (long)position);
        v = v >= 0 ? NextNonEmpty(v) : ~v - 1;
        long offset = (long)position - firstPosition[v];
        int row = (int)(offset / positionsAcross[v]), column = (int)(offset % positionsAcross[v]);
        var pair = versions[v];

        float[] input;
        int top, left; // of the input patch, in high-resolution pixels
        if (Layout.UpsampledInput)
        {
            int lowTop = row + UpsamplingMargin, lowLeft = column + UpsamplingMargin;
            input = UpsampledPatch(pair.LowRes, lowTop, lowLeft);
            (top, left) = (lowTop * Scale, lowLeft * Scale);
        }
        else
        {
            input = Cut(pair.LowRes, row, column, Layout.InputSize);
            (top, left) = (row * Scale, column * Scale);
        }

        var target = Cut(pair.HighRes, top + Layout.TargetOffset, left + Layout.TargetOffset, Layout.TargetSize);
        return (Rotate(input, Layout.InputSize, turns), Rotate(target, Layout.TargetSize, turns));
    }

    // An exact position v may start a run of empty versions (too small for a patch): skip to the one that holds it.
    private int NextNonEmpty(int v)
    {
        while (firstPosition[v + 1] == firstPosition[v])
        {
            v++;
        }

        return v;
    }

    private (int Rows, int Columns) PositionCounts(ByteImage lowRes)
    {
        if (!Layout.UpsampledInput)
        {
            return (Math.Max(0, lowRes.Height - Layout.InputSize + 1), Math.Max(0, lowRes.Width - Layout.InputSize + 1));
        }

        int span = UpsampledSpan;
        return (Math.Max(0, lowRes.Height - span - 2 * UpsamplingMargin + 1), Math.Max(0, lowRes.Width - span - 2 * UpsamplingMargin + 1));
    }

    // Low-resolution rows under one upsampled input patch.
    private int UpsampledSpan => (Layout.InputSize + Scale - 1) / Scale;

    /// <summary>
    /// The bicubic upsampling of the LR plane, cut at high-resolution (Scale·top, Scale·left). Computed from a
    /// margin-padded LR crop: imresize's taps at a given output pixel do not depend on where the crop starts, so
    /// away from the crop's edges the values equal those of upsampling the whole plane.
    /// </summary>
    private float[] UpsampledPatch(ByteImage lowRes, int top, int left)
    {
        int side = UpsampledSpan + 2 * UpsamplingMargin;
        var crop = Luma.ToUnit(Luma.Crop(lowRes, left - UpsamplingMargin, top - UpsamplingMargin, side, side));
        var upsampled = ImageResize.Resize(crop, Scale, ResizeMethod.Bicubic);
        return upsampled.Crop(UpsamplingMargin * Scale, UpsamplingMargin * Scale, Layout.InputSize, Layout.InputSize).Data;
    }

    private static float[] Cut(ByteImage plane, int top, int left, int size)
    {
        var patch = new float[size * size];
        for (int y = 0; y < size; y++)
        {
            int source = (top + y) * plane.Width + left;
            for (int x = 0; x < size; x++)
            {
                patch[y * size + x] = plane.Pixels[source + x] / 255f;
            }
        }

        return patch;
    }

    /// <summary>A square patch turned counter-clockwise by <paramref name="turns"/> quarter turns.</summary>
    public static float[] Rotate(float[] patch, int size, int turns)
    {
        if (turns == 0)
        {
            return patch;
        }

        var result = new float[patch.Length];
        int last = size - 1;
        for (int y = 0; y < size; y++)
        {
            for (int x = 0; x < size; x++)
            {
                int source = turns switch
                {
                    1 => x * size + (last - y),
                    2 => (last - y) * size + (last - x),
                    _ => (last - x) * size + y,
                };
                result[y * size + x] = patch[source];
            }
        }

        return result;
    }
}
