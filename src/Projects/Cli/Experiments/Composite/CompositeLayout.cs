using IlgpuNet.Data.Imaging;

namespace IlgpuNet.Cli.Experiments.Composite;

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

        if (digit.Channels != 1 || digit.Width > Quadrant || digit.Height > Quadrant)
        {
            throw new ArgumentException($"the digit must be gray and at most 32×32, got {digit.Width}×{digit.Height}×{digit.Channels}");
        }

        var image = new ByteImage(Side, Side, 3);
        for (int y = 0; y < Quadrant; y++)
        {
            classImage.Pixels.AsSpan(y * Quadrant * 3, Quadrant * 3).CopyTo(image.Pixels.AsSpan(y * Side * 3));
        }

        int top = DigitTop + (Quadrant - digit.Height) / 2, left = DigitLeft + (Quadrant - digit.Width) / 2;
        for (int y = 0; y < digit.Height; y++)
        {
            for (int x = 0; x < digit.Width; x++)
            {
                byte value = digit.At(x, y, 0);
                for (int c = 0; c < 3; c++)
                {
                    image.At(left + x, top + y, c) = value;
                }
            }
        }

        return image;
    }
}
