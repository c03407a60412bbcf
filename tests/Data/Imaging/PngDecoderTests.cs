using IlgpuNet.Data.Imaging;

namespace IlgpuNet.Tests.Data.Imaging;

public class PngDecoderTests
{
    public static TheoryData<int, int, int, bool> ColourTypesDepthsFiltersInterlace()
    {
        var cases = new TheoryData<int, int, int, bool>();
        (int ColorType, int[] Depths)[] allowed = [(0, [1, 2, 4, 8, 16]), (2, [8, 16]), (4, [8, 16]), (6, [8, 16])];
        foreach (var (colorType, depths) in allowed)
        {
            foreach (int depth in depths)
            {
                foreach (int filter in new[] { 0, 1, 2, 3, 4, PngFixtureWriter.CycleFilters })
                {
                    cases.Add(colorType, depth, filter, false);
                }

                cases.Add(colorType, depth, PngFixtureWriter.CycleFilters, true);
            }
        }

        return cases;
    }

    [Theory]
    [MemberData(nameof(ColourTypesDepthsFiltersInterlace))]
    public void Decode_EveryColourTypeDepthAndFilter_GivesWrittenSamples(int colorType, int bitDepth, int filter, bool interlaced)
    {
        const int width = 13, height = 11; // odd sizes leave partial bytes and partial Adam7 passes
        int samplesPerPixel = PngFixtureWriter.SamplesPerPixel(colorType);
        var samples = RandomSamples(width * height * samplesPerPixel, bitDepth, seed: (colorType * 100) + bitDepth);
        var png = PngFixtureWriter.Write(width, height, colorType, bitDepth, samples, filter, interlaced);

        var image = PngDecoder.Decode(png);
        var wide = PngDecoder.Decode16(png);

        Assert.Equal((width, height, samplesPerPixel), (image.Width, image.Height, image.Channels));
        Assert.Equal((width, height, samplesPerPixel), (wide.Width, wide.Height, wide.Channels));
        int maximum = (1 << bitDepth) - 1;
        var expected8 = samples.Select(v => (byte)(bitDepth == 16 ? v >> 8 : v * 255 / maximum)).ToArray();
        var expected16 = samples.Select((v, i) => (ushort)(bitDepth == 16 ? v : expected8[i] * 257)).ToArray();
        Assert.Equal(expected8, image.Pixels);
        Assert.Equal(expected16, wide.Samples);
    }

    [Theory]
    [InlineData(1, false)]
    [InlineData(2, false)]
    [InlineData(4, true)]
    [InlineData(8, true)]
    public void Decode_Palette_ExpandsToRgb(int bitDepth, bool interlaced)
    {
        const int width = 9, height = 7;
        int colours = 1 << bitDepth;
        var palette = Enumerable.Range(0, colours * 3).Select(i => (byte)((i * 37) + 11)).ToArray();
        var indices = RandomSamples(width * height, bitDepth, seed: bitDepth);

        var image = PngDecoder.Decode(PngFixtureWriter.Write(width, height, 3, bitDepth, indices, PngFixtureWriter.CycleFilters, interlaced, palette));

        Assert.Equal(3, image.Channels);
        var expected = indices.SelectMany(index => palette.AsSpan(index * 3, 3).ToArray()).ToArray();
        Assert.Equal(expected, image.Pixels);
    }

    [Fact]
    public void Decode_PaletteWithTransparency_GivesRgbaWithOpaqueEntriesPastTheTable()
    {
        byte[] palette = [10, 20, 30, 40, 50, 60, 70, 80, 90];
        byte[] transparency = [0, 128]; // entry 2 is not listed: opaque
        var image = PngDecoder.Decode(PngFixtureWriter.Write(3, 1, 3, 8, [0, 1, 2], palette: palette, transparency: transparency));

        Assert.Equal(4, image.Channels);
        Assert.Equal(new byte[] { 10, 20, 30, 0, 40, 50, 60, 128, 70, 80, 90, 255 }, image.Pixels);
    }

    [Fact]
    public void Decode_GrayWithTransparentKey_GivesGrayAlpha()
    {
        var image = PngDecoder.Decode(PngFixtureWriter.Write(3, 1, 0, 4, [0, 5, 15], transparency: [0, 5]));

        Assert.Equal(2, image.Channels);
        Assert.Equal(new byte[] { 0, 255, 85, 0, 255, 255 }, image.Pixels);
    }

    [Theory]
    [InlineData(8)]
    [InlineData(16)]
    public void Decode_RgbWithTransparentKey_GivesRgba(int bitDepth)
    {
        int scale = bitDepth == 16 ? 257 : 1;
        int[] samples = [1 * scale, 2 * scale, 3 * scale, 4 * scale, 5 * scale, 6 * scale];
        byte[] key = [0, (byte)(4 * scale), 0, (byte)(5 * scale), 0, (byte)(6 * scale)];
        if (bitDepth == 16)
        {
            key = [4, 4, 5, 5, 6, 6];
        }

        var image = PngDecoder.Decode16(PngFixtureWriter.Write(2, 1, 2, bitDepth, samples, transparency: key));

        Assert.Equal(4, image.Channels);
        Assert.Equal(new ushort[] { 257, 514, 771, 65535, 1028, 1285, 1542, 0 }, image.Samples);
    }

    [Theory]
    [InlineData(1, 1)]
    [InlineData(2, 3)]
    [InlineData(5, 1)]
    [InlineData(1, 6)]
    public void Decode_InterlacedTinyImages_SkipEmptyPasses(int width, int height)
    {
        var samples = RandomSamples(width * height * 3, 8, seed: width * 10 + height);

        var image = PngDecoder.Decode(PngFixtureWriter.Write(width, height, 2, 8, samples, PngFixtureWriter.CycleFilters, interlaced: true));

        Assert.Equal(samples.Select(v => (byte)v).ToArray(), image.Pixels);
    }

    [Fact]
    public void Decode_ImageDataSplitOverManyIdatChunks_IsJoined()
    {
        var samples = RandomSamples(32 * 32 * 4, 8, seed: 5);

        var image = PngDecoder.Decode(PngFixtureWriter.Write(32, 32, 6, 8, samples, PngFixtureWriter.CycleFilters, idatChunkSize: 7));

        Assert.Equal(samples.Select(v => (byte)v).ToArray(), image.Pixels);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    public void PngEncoder_RoundTripsThroughDecoder(int channels)
    {
        var image = new ByteImage(17, 5, channels, RandomSamples(17 * 5 * channels, 8, seed: channels).Select(v => (byte)v).ToArray());

        var decoded = PngDecoder.Decode(PngEncoder.Encode(image));

        Assert.Equal((image.Width, image.Height, image.Channels), (decoded.Width, decoded.Height, decoded.Channels));
        Assert.Equal(image.Pixels, decoded.Pixels);
    }

    internal static int[] RandomSamples(int count, int bitDepth, int seed)
    {
        var random = new Random(seed);
        var samples = new int[count];
        for (int i = 0; i < count; i++)
        {
            samples[i] = random.Next(1 << bitDepth);
        }

        return samples;
    }
}
