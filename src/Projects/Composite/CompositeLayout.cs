using IlgpuNet.Data.Imaging;
using IlgpuNet.Training;

namespace IlgpuNet.Composite;

/// <summary>
/// The composite image: 64×64 RGB, the class image in the top-left 32×32 quadrant, an MNIST digit (28×28, centred in
/// 32×32) in the bottom-right quadrant, black elsewhere.
/// </summary>
public static class CompositeLayout
{
    public const int Side = 64;
    public const int Quadrant = 32;

    /// <summary>Top-left corner (row, column) of the digit's quadrant.</summary>
    public const int DigitTop = Quadrant;
    public const int DigitLeft = Quadrant;

    /// <param name="classImage">RGB, 32×32 (CIFAR-10, or Fashion-MNIST padded and repeated to RGB).</param>
    /// <param name="digit">Gray, at most 32×32.</param>
    public static ByteImage Compose(ByteImage classImage, ByteImage digit)
    {
        if (classImage.Channels != 3 || classImage.Width != Quadrant || classImage.Height != Quadrant)
        {
            throw new ArgumentException($"the class image must be 32×32 RGB, got {classImage.Width}×{classImage.Height}×{classImage.Channels}");
        }

        var image = new ByteImage(Side, Side, 3);
        Paste(classImage, image, 0, 0);
        Paste(CifarData.PadToRgb(digit, Quadrant), image, DigitTop, DigitLeft);
        return image;
    }

    private static void Paste(ByteImage block, ByteImage canvas, int top, int left)
    {
        int rowBytes = block.Width * 3;
        for (int y = 0; y < block.Height; y++)
        {
            block.Pixels.AsSpan(y * rowBytes, rowBytes).CopyTo(canvas.Pixels.AsSpan(((top + y) * canvas.Width + left) * 3));
        }
    }
}
