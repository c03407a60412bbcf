using IlgpuNet.Data.Imaging;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using SixLabors.ImageSharp.Processing;
using SixLabors.ImageSharp.Processing.Processors.Transforms;

namespace IlgpuNet.Reporting;

/// <summary>
/// Images of any size laid out row by row in equal cells (torchvision's make_grid, plus captions): ImageSharp scales each
/// image into its cell and composes the grid; an optional caption under each cell is drawn by ScottPlot (DejaVu Sans),
/// so the PNG reads on its own. The result is always RGB.
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

    /// <summary>Caption text size in pixels; a caption wider than its cell is set smaller, then shortened.</summary>
    public float CaptionFontSize { get; set; } = 10;

    public int Count => cells.Count;

    public int Rows => (cells.Count + Columns - 1) / Columns;

    public ImageGrid Add(ByteImage image, string? caption = null)
    {
        cells.Add((image, caption ?? ""));
        return this;
    }

    /// <summary>Height of the caption strip under every cell; zero when no image has a caption.</summary>
    public int CaptionHeight => cells.Any(c => c.Caption.Length > 0) ? (int)Math.Ceiling(CaptionFontSize * 1.3) + 4 : 0;

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
        using var canvas = new Image<Rgb24>(width, height, new Rgb24(Background.R, Background.G, Background.B));
        for (int i = 0; i < cells.Count; i++)
        {
            var (x, y) = CellOrigin(i);
            var (fitWidth, fitHeight) = FittedSize(cells[i].Image);
            using var cell = cells[i].Image.ToImageSharp<Rgba32>();
            if ((cell.Width, cell.Height) != (fitWidth, fitHeight))
            {
                cell.Mutate(c => c.Resize(fitWidth, fitHeight, Sampler));
            }

            canvas.Mutate(c => c.DrawImage(cell, new Point(x + ((CellWidth - fitWidth) / 2), y + ((CellHeight - fitHeight) / 2)), 1f));
        }

        if (CaptionHeight > 0)
        {
            var captions = cells.Select((cell, i) => (cell.Caption, CellOrigin(i).X + (CellWidth / 2.0), CellOrigin(i).Y + CellHeight + 2.0, (double)CellWidth));
            using var text = CaptionLayer.Render(width, height, captions, CaptionFontSize, CaptionColor);
            canvas.Mutate(c => c.DrawImage(text, new Point(0, 0), 1f));
        }

        return canvas.ToByteImage();
    }

    /// <summary>Renders and writes a PNG.</summary>
    public void Save(string path) => ImageFile.Write(path, Render());

    private IResampler Sampler => Resampling == Resampling.Nearest ? KnownResamplers.NearestNeighbor : KnownResamplers.Triangle;

    private (int Width, int Height) FittedSize(ByteImage image)
    {
        if (!KeepAspectRatio)
        {
            return (CellWidth, CellHeight);
        }

        double scale = Math.Min(CellWidth / (double)image.Width, CellHeight / (double)image.Height);
        return (Math.Clamp((int)Math.Round(image.Width * scale), 1, CellWidth), Math.Clamp((int)Math.Round(image.Height * scale), 1, CellHeight));
    }
}
