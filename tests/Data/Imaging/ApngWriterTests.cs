using System.Buffers.Binary;
using System.Text;
using IlgpuNet.Data.Imaging;

namespace IlgpuNet.Tests.Data.Imaging;

public class ApngWriterTests
{
    [Fact]
    public void Encode_ThreeFrames_WritesApngChunkSequenceWithFrameCountDelayAndSequenceNumbers()
    {
        var apng = ApngWriter.Encode(Frames(3, channels: 3), frameDelayMilliseconds: 100);

        var chunks = Chunks(apng);

        Assert.Equal(["IHDR", "acTL", "fcTL", "IDAT", "fcTL", "fdAT", "fcTL", "fdAT", "IEND"], chunks.Select(c => c.Type));
        var animationControl = chunks[1].Body;
        Assert.Equal(3, BinaryPrimitives.ReadInt32BigEndian(animationControl));
        Assert.Equal(0, BinaryPrimitives.ReadInt32BigEndian(animationControl.AsSpan(4))); // loop forever
        var sequence = chunks.Where(c => c.Type is "fcTL" or "fdAT").Select(c => BinaryPrimitives.ReadInt32BigEndian(c.Body)).ToArray();
        Assert.Equal([0, 1, 2, 3, 4], sequence);
        var frameControl = chunks[2].Body;
        Assert.Equal(100, BinaryPrimitives.ReadUInt16BigEndian(frameControl.AsSpan(20)));
        Assert.Equal(1000, BinaryPrimitives.ReadUInt16BigEndian(frameControl.AsSpan(22)));
    }

    [Theory]
    [InlineData(3)]
    [InlineData(4)]
    public void Encode_FirstFrameReadsAsPlainPngAndEveryFdatHoldsItsFrame(int channels)
    {
        var frames = Frames(4, channels);
        var apng = ApngWriter.Encode(frames);

        Assert.Equal(frames[0].Pixels, PngDecoder.Decode(apng).Pixels);
        var chunks = Chunks(apng);
        var frameData = chunks.Where(c => c.Type == "fdAT").Select(c => c.Body[4..]).ToArray();
        Assert.Equal(3, frameData.Length);
        for (int i = 0; i < frameData.Length; i++)
        {
            // An fdAT body after its sequence number is exactly an IDAT body: rebuild a still PNG around it.
            var still = new MemoryStream();
            still.Write(apng.AsSpan(0, 8));
            PngFixtureWriter.WriteChunk(still, "IHDR", chunks[0].Body);
            PngFixtureWriter.WriteChunk(still, "IDAT", frameData[i]);
            PngFixtureWriter.WriteChunk(still, "IEND", []);
            Assert.Equal(frames[i + 1].Pixels, PngDecoder.Decode(still.ToArray()).Pixels);
        }
    }

    [Fact]
    public void AddFrame_OfAnotherSize_IsRefused()
    {
        using var writer = new ApngWriter(new MemoryStream());
        writer.AddFrame(new ByteImage(4, 4, 3));

        Assert.Throws<ArgumentException>(() => writer.AddFrame(new ByteImage(5, 4, 3)));
    }

    [Fact]
    public void PngEncoder_SixteenBitImage_RoundTripsThroughDecode16()
    {
        var samples = PngDecoderTests.RandomSamples(7 * 3 * 2, 16, seed: 9).Select(v => (ushort)v).ToArray();
        var image = new UShortImage(7, 3, 2, samples);

        var png = PngEncoder.Encode(image);

        Assert.Equal(samples, PngDecoder.Decode16(png).Samples);
        Assert.Equal(samples.Select(v => (byte)(v >> 8)), PngDecoder.Decode(png).Pixels);
    }

    private static List<ByteImage> Frames(int count, int channels)
    {
        var frames = new List<ByteImage>();
        for (int f = 0; f < count; f++)
        {
            var frame = new ByteImage(12, 9, channels);
            for (int i = 0; i < frame.Pixels.Length; i++)
            {
                frame.Pixels[i] = (byte)((i * 3) + (f * 50));
            }

            frames.Add(frame);
        }

        return frames;
    }

    private static List<(string Type, byte[] Body)> Chunks(byte[] png)
    {
        var chunks = new List<(string, byte[])>();
        for (int offset = 8; offset < png.Length;)
        {
            int length = BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(offset));
            chunks.Add((Encoding.ASCII.GetString(png, offset + 4, 4), png.AsSpan(offset + 8, length).ToArray()));
            offset += length + 12;
        }

        return chunks;
    }
}
