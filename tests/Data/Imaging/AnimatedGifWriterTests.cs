using IlgpuNet.Data.Imaging;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats.Gif;
using SixLabors.ImageSharp.PixelFormats;

namespace IlgpuNet.Tests.Data.Imaging;

public class AnimatedGifWriterTests
{
    [Fact]
    public void Encode_ThreeFrames_DecodesToTheSameFramesDelaysAndLoop()
    {
        var frames = Enumerable.Range(0, 3).Select(Frame).ToArray();

        var gif = AnimatedGifWriter.Encode(frames, frameDelayMilliseconds: 100, loopCount: 2);

        using var decoded = Image.Load<Rgb24>(gif);
        Assert.Equal(3, decoded.Frames.Count);
        Assert.Equal(2, decoded.Metadata.GetGifMetadata().RepeatCount);
        for (int i = 0; i < 3; i++)
        {
            Assert.Equal(10, decoded.Frames[i].Metadata.GetGifMetadata().FrameDelay);
            using var frame = decoded.Frames.CloneFrame(i);
            Assert.Equal(frames[i].Pixels, frame.ToByteImage().Pixels); // few colours: the palette holds them exactly
        }
    }

    [Fact]
    public void ImageFileRead_AnimatedGif_GivesTheFirstFrame()
    {
        var frames = Enumerable.Range(0, 2).Select(Frame).ToArray();

        var first = ImageFile.Decode(AnimatedGifWriter.Encode(frames));

        Assert.Equal(frames[0].Pixels, first.Pixels);
    }

    [Fact]
    public void AddFrame_OfAnotherSize_IsRefused()
    {
        using var writer = new AnimatedGifWriter(new MemoryStream());
        writer.AddFrame(new ByteImage(4, 4, 3));

        var error = Assert.Throws<ArgumentException>(() => writer.AddFrame(new ByteImage(5, 4, 3)));

        Assert.Contains("frame 1 is 5x4, the animation is 4x4", error.Message);
    }

    [Fact]
    public void Dispose_WithoutFrames_LeavesNoFile()
    {
        string path = Path.Combine(Path.GetTempPath(), $"ilgpunet-empty-{Guid.NewGuid():N}.gif");

        new AnimatedGifWriter(path).Dispose();

        Assert.False(File.Exists(path));
        Assert.Empty(Directory.GetFiles(Path.GetDirectoryName(path)!, $".{Path.GetFileName(path)}.*.tmp"));
    }

    /// <summary>A 12x8 frame of four flat colours that move with <paramref name="index"/>.</summary>
    private static ByteImage Frame(int index)
    {
        Rgb[] colors = [new(230, 20, 20), new(20, 200, 40), new(30, 40, 220), new(250, 250, 250)];
        var image = new ByteImage(12, 8, 3);
        for (int y = 0; y < 8; y++)
        {
            for (int x = 0; x < 12; x++)
            {
                var color = colors[((x / 3) + index) % colors.Length];
                (image.At(x, y, 0), image.At(x, y, 1), image.At(x, y, 2)) = (color.R, color.G, color.B);
            }
        }

        return image;
    }

    private readonly record struct Rgb(byte R, byte G, byte B);
}
