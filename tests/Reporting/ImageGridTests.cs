using IlgpuNet.Data.Imaging;
using IlgpuNet.Reporting;

namespace IlgpuNet.Tests.Reporting;

public class ImageGridTests
{
    private static Rgb Pixel(ByteImage image, int x, int y) => new(image.At(x, y, 0), image.At(x, y, 1), image.At(x, y, 2));

    [Fact]
    public void ImageGrid_TwoImages_PlacedInTheirCellsAndUpscaledNearest()
    {
        var gray = new ByteImage(2, 2, 1, [0, 100, 200, 255]);
        var red = new ByteImage(1, 1, 3, [255, 0, 0]);
        var grid = new ImageGrid(columns: 2) { CellWidth = 4, CellHeight = 4, Padding = 1, Background = new Rgb(0, 0, 255) };

        var image = grid.Add(gray).Add(red).Render();

        Assert.Equal((11, 6, 3), (image.Width, image.Height, image.Channels));
        Assert.Equal(new Rgb(0, 0, 255), Pixel(image, 0, 0));   // border padding
        Assert.Equal(new Rgb(0, 0, 255), Pixel(image, 5, 2));   // gap between the cells
        Assert.Equal(new Rgb(0, 0, 0), Pixel(image, 1, 1));     // gray (0,0) covers cell pixels (1..2, 1..2)
        Assert.Equal(new Rgb(0, 0, 0), Pixel(image, 2, 2));
        Assert.Equal(new Rgb(100, 100, 100), Pixel(image, 3, 1));
        Assert.Equal(new Rgb(200, 200, 200), Pixel(image, 1, 4));
        Assert.Equal(new Rgb(255, 255, 255), Pixel(image, 4, 4));
        for (int y = 1; y <= 4; y++)
        {
            for (int x = 6; x <= 9; x++)
            {
                Assert.Equal(new Rgb(255, 0, 0), Pixel(image, x, y));
            }
        }
    }

    [Fact]
    public void ImageGrid_WideImage_IsCentredWithoutDistortion()
    {
        var wide = new ByteImage(4, 2, 1, [9, 9, 9, 9, 9, 9, 9, 9]);
        var grid = new ImageGrid(1) { CellWidth = 4, CellHeight = 4, Padding = 0, Background = Rgb.White };

        var image = grid.Add(wide).Render();

        Assert.Equal(Rgb.White, Pixel(image, 0, 0));
        Assert.Equal(new Rgb(9, 9, 9), Pixel(image, 0, 1));
        Assert.Equal(new Rgb(9, 9, 9), Pixel(image, 3, 2));
        Assert.Equal(Rgb.White, Pixel(image, 3, 3));
    }

    [Fact]
    public void ImageGrid_Captions_AddAStripWithInkUnderEachCell()
    {
        var black = new ByteImage(8, 8, 1);
        var grid = new ImageGrid(3) { CellWidth = 40, CellHeight = 8, Padding = 2 };

        var image = grid.Add(black, "cat").Add(black, "dog").Add(black).Add(black, "x").Render();

        Assert.Equal(17, grid.CaptionHeight); // 10-pixel text
        Assert.Equal(2 + (2 * (8 + 17 + 2)), image.Height);
        Assert.Equal(grid.CellOrigin(3), (2, 2 + 8 + 17 + 2));
        int InkIn(int cell)
        {
            var (x, y) = grid.CellOrigin(cell);
            int count = 0;
            for (int py = y + 8; py < y + 8 + grid.CaptionHeight; py++)
            {
                for (int px = x; px < x + 40; px++)
                {
                    count += Pixel(image, px, py).Luminance < 0.7 ? 1 : 0; // anti-aliased text: dark, not only black
                }
            }

            return count;
        }

        Assert.True(InkIn(0) > 20);
        Assert.True(InkIn(1) > 20);
        Assert.Equal(0, InkIn(2));
        Assert.True(InkIn(3) > 5);
    }

    [Fact]
    public void ImageGrid_LongCaption_StaysInsideItsCell()
    {
        var white = new ByteImage(8, 8, 1, Enumerable.Repeat((byte)255, 64).ToArray());
        var grid = new ImageGrid(2) { CellWidth = 30, CellHeight = 8, Padding = 10 };

        var image = grid.Add(white, "a caption far too long for thirty pixels").Add(white).Render();

        int inkOutside = 0;
        for (int y = 0; y < image.Height; y++)
        {
            for (int x = 0; x < image.Width; x++)
            {
                bool underFirstCell = x >= 10 && x < 40;
                inkOutside += !underFirstCell && Pixel(image, x, y).Luminance < 0.8 ? 1 : 0;
            }
        }

        Assert.Equal(0, inkOutside);
    }

    [Fact]
    public void ImageGrid_Bilinear_InterpolatesBetweenPixelCentres()
    {
        var source = new ByteImage(2, 1, 1, [0, 255]);
        var grid = new ImageGrid(1) { CellWidth = 4, CellHeight = 1, Padding = 0, KeepAspectRatio = false, Resampling = Resampling.Bilinear };

        var row = grid.Add(source).Render();

        int[] expected = [0, 64, 191, 255];
        Assert.All(Enumerable.Range(0, 4), x => Assert.InRange(row.At(x, 0, 0), expected[x] - 1, expected[x] + 1));
    }

    [Fact]
    public void ImageGrid_RgbaImage_IsBlendedOverTheBackground()
    {
        var halfRed = new ByteImage(1, 1, 4, [255, 0, 0, 128]);
        var grid = new ImageGrid(1) { CellWidth = 1, CellHeight = 1, Padding = 0, Background = Rgb.White };

        var pixel = Pixel(grid.Add(halfRed).Render(), 0, 0);

        Assert.Equal(255, pixel.R);
        Assert.InRange(pixel.G, 126, 128);
        Assert.InRange(pixel.B, 126, 128);
    }
}
