using IlgpuNet.Data;
using IlgpuNet.Detection;

namespace IlgpuNet.Tests.Projects.Detection;

/// <summary>The detection augmentation moves boxes exactly as it moves the pixels, and drops boxes pushed out of the image.</summary>
public class RandomScaleTranslateTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    public void Boxes_FollowThePixels(int seed)
    {
        // a white 16×12 rectangle at (20, 24) on black, 64×64
        var image = new FloatImage(3, 64, 64);
        for (int c = 0; c < 3; c++)
        {
            for (int y = 24; y < 36; y++)
            {
                for (int x = 20; x < 36; x++)
                {
                    image.At(c, y, x) = 1f;
                }
            }
        }

        var (augmented, boxes) = new RandomScaleTranslate(maxShift: 0.1).Apply(image, [new LabeledBox(3, 20, 24, 36, 36)], new Random(seed));

        var box = Assert.Single(boxes);
        Assert.Equal(3, box.Class);
        // the rectangle's pixels in the output: brighter than half, between black and white (the border is mid-gray 0.5)
        int x1 = int.MaxValue, y1 = int.MaxValue, x2 = -1, y2 = -1;
        for (int y = 0; y < 64; y++)
        {
            for (int x = 0; x < 64; x++)
            {
                if (augmented.At(0, y, x) > 0.75f)
                {
                    (x1, y1, x2, y2) = (Math.Min(x1, x), Math.Min(y1, y), Math.Max(x2, x + 1), Math.Max(y2, y + 1));
                }
            }
        }

        Assert.Equal([box.X1, box.Y1, box.X2, box.Y2], [x1, y1, x2, y2], (e, a) => Math.Abs(e - a) <= 1.5);
    }

    [Fact]
    public void BoxMostlyPushedOut_IsDropped_AndOnePartlyOut_IsClipped()
    {
        // scale 1 and shifts uniform in ±10 px: the corner box (0, 0)-(12, 12) keeps (12 - |dx|)(12 - |dy|) / 144 of
        // itself when pushed up and left, all of itself otherwise; the middle box stays whole, only moved
        var image = new FloatImage(3, 40, 40);
        var augmentation = new RandomScaleTranslate(minScale: 1, maxScale: 1, maxShift: 0.25);
        int dropped = 0, kept = 0;
        for (int seed = 0; seed < 40; seed++)
        {
            var (_, boxes) = augmentation.Apply(image, [new LabeledBox(0, 0, 0, 12, 12), new LabeledBox(1, 14, 14, 26, 26)], new Random(seed));
            var again = new Random(seed);
            again.NextDouble(); // the scale
            double dx = (2 * again.NextDouble() - 1) * 10, dy = (2 * again.NextDouble() - 1) * 10;
            double visible = (12 - Math.Max(0, -dx)) * (12 - Math.Max(0, -dy)) / 144;
            Assert.Equal(visible >= 0.4 ? 2 : 1, boxes.Count);
            Assert.All(boxes, b => Assert.True(b.X1 >= 0 && b.Y1 >= 0 && b.X2 <= 40 && b.Y2 <= 40));
            Assert.Contains(boxes, b => b.Class == 1 && Math.Abs(b.X1 - (14 + dx)) < 1e-9 && Math.Abs(b.Y2 - (26 + dy)) < 1e-9);
            (dropped, kept) = boxes.Count == 1 ? (dropped + 1, kept) : (dropped, kept + 1);
        }

        Assert.True(dropped > 0 && kept > 0, $"{dropped} dropped, {kept} kept: both cases should occur");
    }
}
