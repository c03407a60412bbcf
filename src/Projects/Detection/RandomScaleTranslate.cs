using IlgpuNet.Data;
using IlgpuNet.Data.Transforms;

namespace IlgpuNet.Detection;

/// <summary>
/// Detection augmentation, YOLO's random affine without rotation or shear: the image scaled by a factor drawn from
/// [<see cref="MinScale"/>, <see cref="MaxScale"/>] about its centre and shifted by up to <see cref="MaxShift"/> of its
/// side (bilinear; what no source pixel covers is mid-gray), its boxes moved with it, clipped to the image and dropped
/// when less than <see cref="MinVisible"/> of a box remains; then an optional photometric transform (a colour jitter).
/// No flips: a mirrored digit is not the same digit.
/// </summary>
public sealed class RandomScaleTranslate(double minScale = 0.75, double maxScale = 1.35, double maxShift = 0.2, double minVisible = 0.4, IImageTransform? photometric = null)
{
    public double MinScale { get; } = minScale;

    public double MaxScale { get; } = maxScale;

    public double MaxShift { get; } = maxShift;

    public double MinVisible { get; } = minVisible;

    public (FloatImage Image, IReadOnlyList<LabeledBox> Boxes) Apply(FloatImage image, IReadOnlyList<LabeledBox> boxes, Random random)
    {
        double scale = MinScale + (MaxScale - MinScale) * random.NextDouble();
        double shiftX = (2 * random.NextDouble() - 1) * MaxShift * image.Width, shiftY = (2 * random.NextDouble() - 1) * MaxShift * image.Height;
        // output x = scale·x + offset: the image centre moves to the centre plus the shift
        double offsetX = (1 - scale) * image.Width / 2 + shiftX, offsetY = (1 - scale) * image.Height / 2 + shiftY;
        var result = new FloatImage(image.Channels, image.Height, image.Width);
        for (int y = 0; y < image.Height; y++)
        {
            double sourceY = (y + 0.5 - offsetY) / scale - 0.5;
            for (int x = 0; x < image.Width; x++)
            {
                double sourceX = (x + 0.5 - offsetX) / scale - 0.5;
                for (int c = 0; c < image.Channels; c++)
                {
                    result.At(c, y, x) = Sample(image, c, sourceX, sourceY);
                }
            }
        }

        var moved = new List<LabeledBox>(boxes.Count);
        foreach (var box in boxes)
        {
            var placed = new LabeledBox(box.Class, scale * box.X1 + offsetX, scale * box.Y1 + offsetY, scale * box.X2 + offsetX, scale * box.Y2 + offsetY);
            var clipped = placed with
            {
                X1 = Math.Max(placed.X1, 0), Y1 = Math.Max(placed.Y1, 0), X2 = Math.Min(placed.X2, image.Width), Y2 = Math.Min(placed.Y2, image.Height),
            };
            if (clipped.Width > 1 && clipped.Height > 1 && clipped.Area >= MinVisible * placed.Area)
            {
                moved.Add(clipped);
            }
        }

        return (photometric?.Apply(result, random) ?? result, moved);
    }

    // bilinear, each of the four neighbours outside the image counting as mid-gray
    private static float Sample(FloatImage image, int channel, double x, double y)
    {
        int x0 = (int)Math.Floor(x), y0 = (int)Math.Floor(y);
        float fx = (float)(x - x0), fy = (float)(y - y0);
        float At(int px, int py) => px < 0 || py < 0 || px >= image.Width || py >= image.Height ? 0.5f : image.At(channel, py, px);
        float top = At(x0, y0) + fx * (At(x0 + 1, y0) - At(x0, y0));
        float bottom = At(x0, y0 + 1) + fx * (At(x0 + 1, y0 + 1) - At(x0, y0 + 1));
        return top + fy * (bottom - top);
    }
}
