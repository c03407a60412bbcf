using IlgpuNet.Data.Imaging;

namespace IlgpuNet.Reporting;

/// <summary>
/// Images of any size laid out row by row in equal cells (torchvision's make_grid, plus captions): each image is scaled
/// into its cell, and an optional caption is written under it in a built-in 5x7 pixel font, so the PNG reads on its own.
/// The result is always RGB.
/// </summary>
public sealed class ImageGrid
{
    private readonly List<(ByteImage Image, string Caption)> cells = [];

    public ImageGrid(int columns)
    {
        if (columns <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(columns), columns, "a grid needs at least one column");
        }

        Columns = columns;
    }

    /// <summary>Most cells per row; a grid with fewer images is only as wide as they need.</summary>
    public int Columns { get; }

    public int CellWidth { get; set; } = 64;

    public int CellHeight { get; set; } = 64;

    /// <summary>Pixels between cells and around the border.</summary>
    public int Padding { get; set; } = 2;

    public Resampling Resampling { get; set; } = Resampling.Nearest;

    /// <summary>Fit images inside the cell without distortion (centred), instead of stretching them to fill it.</summary>
    public bool KeepAspectRatio { get; set; } = true;

    public Rgb Background { get; set; } = Rgb.White;

    public Rgb CaptionColor { get; set; } = Rgb.Black;

    /// <summary>Size of each font pixel in image pixels (1 gives 7-pixel-high text).</summary>
    public int CaptionScale { get; set; } = 1;

    public int Count => cells.Count;

    public int Rows => (cells.Count + Columns - 1) / Columns;

    public ImageGrid Add(ByteImage image, string? caption = null)
    {
        cells.Add((image, caption ?? ""));
        return this;
    }

    /// <summary>Height of the caption strip under every cell; zero when no image has a caption.</summary>
    public int CaptionHeight => cells.Any(c => c.Caption.Length > 0) ? (BitmapFont.GlyphHeight * CaptionScale) + 4 : 0;

    /// <summary>Top-left pixel of cell <paramref name="index"/> in the rendered grid.</summary>
    public (int X, int Y) CellOrigin(int index) =>
        (Padding + ((index % Columns) * (CellWidth + Padding)), Padding + ((index / Columns) * (CellHeight + CaptionHeight + Padding)));

    public ByteImage Render()
    {
        if (cells.Count == 0)
        {
            throw new InvalidOperationException("an image grid needs at least one image");
        }

        int usedColumns = Math.Min(Columns, cells.Count);
        int width = Padding + (usedColumns * (CellWidth + Padding));
        int height = Padding + (Rows * (CellHeight + CaptionHeight + Padding));
        var canvas = new RgbCanvas(width, height, Background);
        for (int i = 0; i < cells.Count; i++)
        {
            var (x, y) = CellOrigin(i);
            var (image, caption) = cells[i];
            var (fitWidth, fitHeight) = FittedSize(image);
            var scaled = ImageResizer.Resize(image, fitWidth, fitHeight, Resampling);
            canvas.Draw(scaled, x + ((CellWidth - fitWidth) / 2), y + ((CellHeight - fitHeight) / 2));
            DrawCaption(canvas, caption, x, y + CellHeight + 2);
        }

        return canvas.Image;
    }

    /// <summary>Renders and writes a PNG.</summary>
    public void Save(string path) => PngEncoder.Write(path, Render());

    private (int Width, int Height) FittedSize(ByteImage image)
    {
        if (!KeepAspectRatio)
        {
            return (CellWidth, CellHeight);
        }

        double scale = Math.Min(CellWidth / (double)image.Width, CellHeight / (double)image.Height);
        return (Math.Clamp((int)Math.Round(image.Width * scale), 1, CellWidth), Math.Clamp((int)Math.Round(image.Height * scale), 1, CellHeight));
    }

    private void DrawCaption(RgbCanvas canvas, string caption, int cellX, int top)
    {
        if (caption.Length == 0)
        {
            return;
        }

        int fits = (CellWidth + CaptionScale) / (BitmapFont.Advance * CaptionScale);
        var text = caption.Length <= fits ? caption : caption[..Math.Max(fits, 0)];
        int textWidth = BitmapFont.Measure(text, CaptionScale);
        BitmapFont.Draw(canvas, text, cellX + ((CellWidth - textWidth) / 2), top, CaptionScale, CaptionColor);
    }
}
