using IlgpuNet.Data;
using IlgpuNet.Data.Imaging;

namespace IlgpuNet.Tests.Data;

public class FloatImageTests
{
    private static ByteImage Gradient(int width, int height, int channels)
    {
        var image = new ByteImage(width, height, channels);
        for (int i = 0; i < image.Pixels.Length; i++)
        {
            image.Pixels[i] = (byte)(i * 7 % 256);
        }

        return image;
    }

    [Fact]
    public void FromBytes_IsPlanarAndDividedBy255()
    {
        var bytes = Gradient(3, 2, 3);
        var image = FloatImage.FromBytes(bytes);
        Assert.Equal((3, 2, 3), (image.Channels, image.Height, image.Width));
        Assert.Equal(bytes.At(2, 1, 1) / 255f, image.At(1, 1, 2));
        Assert.Equal(bytes.At(0, 1, 2) / 255f, image.At(2, 1, 0));
    }

    [Fact]
    public void ToBytes_RoundTripsExactlyAndClampsOutOfRange()
    {
        var bytes = Gradient(5, 4, 3);
        Assert.Equal(bytes.Pixels, FloatImage.FromBytes(bytes).ToBytes().Pixels);
        var image = new FloatImage(1, 1, 4, [-0.2f, 1.7f, 0.5f / 255f, 2.5f / 255f]);
        Assert.Equal(new byte[] { 0, 255, 1, 3 }, image.ToBytes().Pixels); // halves round away from zero
    }

    [Fact]
    public void Crop_TakesTheRequestedWindowOfEveryChannel()
    {
        var image = FloatImage.FromBytes(Gradient(6, 5, 2));
        var crop = image.Crop(top: 1, left: 2, height: 3, width: 4);
        Assert.Equal((2, 3, 4), (crop.Channels, crop.Height, crop.Width));
        Assert.Equal(image.At(1, 3, 5), crop.At(1, 2, 3));
        Assert.Equal(image.At(0, 1, 2), crop.At(0, 0, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => image.Crop(3, 0, 3, 1));
    }

    [Fact]
    public void FlipHorizontal_MirrorsColumns()
    {
        var image = FloatImage.FromBytes(Gradient(4, 3, 3));
        var flipped = image.FlipHorizontal();
        Assert.Equal(image.At(2, 1, 0), flipped.At(2, 1, 3));
        Assert.Equal(image.At(0, 2, 1), flipped.At(0, 2, 2));
        Assert.Equal(image.Data, flipped.FlipHorizontal().Data);
    }
}
