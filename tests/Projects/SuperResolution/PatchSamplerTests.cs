using IlgpuNet.Data;
using IlgpuNet.Data.Imaging;
using IlgpuNet.SuperResolution;

namespace IlgpuNet.Tests.Projects.SuperResolution;

/// <summary>Training patches: aligned LR/HR crops, SRCNN inputs equal to upsampling the whole image, turns, determinism.</summary>
public class PatchSamplerTests
{
    private static LumaPair Pair(int size, int scale, int seed)
    {
        var highRes = Luma.Of(SrTestData.Picture(size, size, seed));
        return new LumaPair(highRes, Luma.Downscale(highRes, scale));
    }

    [Fact]
    public void FsrcnnPatches_AreAnLrCropAndTheHrCropOverIt()
    {
        var pair = Pair(30, 3, seed: 1);
        var sampler = new PatchSampler([pair], 3, new PatchLayout(false, 4, 12, 0), seed: 5);
        var (input, target) = sampler.Batch(epoch: 1, batchIndex: 0, batchSize: 16);
        var lowRes = Luma.ToUnit(pair.LowRes);
        var highRes = Luma.ToUnit(pair.HighRes);
        var inputs = new Tensor4(input);
        var targets = new Tensor4(target);
        for (int i = 0; i < 16; i++)
        {
            // Find where the (possibly turned) LR patch came from, then check its HR patch is the one 3x over it.
            var (top, left, turns) = Locate(lowRes, inputs.Sample(i), 4);
            var expected = PatchSampler.Rotate(highRes.Crop(3 * top, 3 * left, 12, 12).Data, 12, turns);
            Assert.Equal(expected, targets.Sample(i));
        }
    }

    [Fact]
    public void SrcnnPatches_EqualUpsamplingTheWholeImage()
    {
        var pair = Pair(60, 3, seed: 2);
        var sampler = new PatchSampler([pair], 3, new PatchLayout(true, 15, 3, 6), seed: 9);
        var (input, target) = sampler.Batch(epoch: 2, batchIndex: 3, batchSize: 12);
        var upsampled = ImageResize.Resize(Luma.ToUnit(pair.LowRes), 3, ResizeMethod.Bicubic);
        var highRes = Luma.ToUnit(pair.HighRes);
        var inputs = new Tensor4(input);
        var targets = new Tensor4(target);
        for (int i = 0; i < 12; i++)
        {
            var (top, left, turns) = Locate(upsampled, inputs.Sample(i), 15, tolerance: 1e-5f);
            Assert.True(top % 3 == 0 && left % 3 == 0, $"patch {i} at ({top}, {left}) is not on the LR grid");
            var expected = PatchSampler.Rotate(highRes.Crop(top + 6, left + 6, 3, 3).Data, 3, turns);
            Assert.Equal(expected, targets.Sample(i));
        }
    }

    [Fact]
    public void Batches_DependOnlyOnSeedEpochAndIndex()
    {
        PatchSampler Sampler(ulong seed) => new([Pair(30, 2, 3), Pair(24, 2, 4)], 2, new PatchLayout(false, 5, 10, 0), seed);
        var a = Sampler(1).Batch(3, 2, 8).Input.ToArray<float>();
        Assert.Equal(a, Sampler(1).Batch(3, 2, 8).Input.ToArray<float>());
        Assert.NotEqual(a, Sampler(1).Batch(4, 2, 8).Input.ToArray<float>());
        Assert.NotEqual(a, Sampler(2).Batch(3, 2, 8).Input.ToArray<float>());
    }

    [Fact]
    public void Rotate_TurnsCounterClockwiseAndFourTurnsAreIdentity()
    {
        float[] patch = [1, 2, 3, 4]; // [[1, 2], [3, 4]]
        Assert.Equal([2, 4, 1, 3], PatchSampler.Rotate(patch, 2, 1)); // numpy.rot90
        Assert.Equal([4, 3, 2, 1], PatchSampler.Rotate(patch, 2, 2));
        Assert.Equal([3, 1, 4, 2], PatchSampler.Rotate(patch, 2, 3));
        var odd = Enumerable.Range(0, 9).Select(v => (float)v).ToArray();
        Assert.Equal(odd, PatchSampler.Rotate(PatchSampler.Rotate(PatchSampler.Rotate(PatchSampler.Rotate(odd, 3, 1), 3, 1), 3, 1), 3, 1));
    }

    [Fact]
    public void ImagesTooSmallForAPatch_AreRefused()
    {
        var error = Assert.Throws<ArgumentException>(() => new PatchSampler([Pair(12, 3, 1)], 3, new PatchLayout(false, 5, 15, 0), 0));
        Assert.Contains("5-pixel patches", error.Message);
    }

    // The position and turn of a patch inside a plane, by exhaustive search.
    private static (int Top, int Left, int Turns) Locate(FloatImage plane, float[] patch, int size, float tolerance = 0)
    {
        for (int turns = 0; turns < 4; turns++)
        {
            for (int top = 0; top + size <= plane.Height; top++)
            {
                for (int left = 0; left + size <= plane.Width; left++)
                {
                    var candidate = PatchSampler.Rotate(plane.Crop(top, left, size, size).Data, size, turns);
                    if (candidate.Zip(patch).All(p => Math.Abs(p.First - p.Second) <= tolerance))
                    {
                        return (top, left, turns);
                    }
                }
            }
        }

        throw new Xunit.Sdk.XunitException("patch not found in the plane");
    }

    /// <summary>Per-sample access to an (N, 1, S, S) batch.</summary>
    private sealed class Tensor4(IlgpuNet.Tensors.Tensor tensor)
    {
        private readonly float[] data = tensor.ToArray<float>();
        private readonly int area = tensor.Size(2) * tensor.Size(3);

        public float[] Sample(int index) => data.AsSpan(index * area, area).ToArray();
    }
}
