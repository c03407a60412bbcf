using IlgpuNet.Data;
using IlgpuNet.Data.Imaging;
using IlgpuNet.Reporting;

namespace IlgpuNet.SuperResolution;

/// <summary>
/// Qualitative figures: LR, HR and each method side by side. <see cref="Render"/> shows one image whole (top row,
/// the crop marked on HR) and a zoomed crop of each result under it; <see cref="RenderCrops"/> stacks the crops of
/// several images, one row each. The crop is the square of the HR image with the most edge energy, so it holds
/// detail worth comparing; each image is scaled by the figure code (bicubic to shrink, pixel copies to zoom) so the
/// zoom shows the methods' pixels as they are.
/// </summary>
public static class ComparisonGrid
{
    private static readonly Rgb Marker = new(230, 30, 30);

    /// <param name="highRes">The reference; every panel image must have its size, except the LR panel (1/scale).</param>
    public static ByteImage Render(ByteImage lowRes, ByteImage highRes, IReadOnlyList<ComparisonPanel> results, int cellSize = 192)
    {
        var crop = ChooseCrop(highRes, Math.Max(8, Math.Min(highRes.Width, highRes.Height) / 4), lowRes.Width > 0 ? highRes.Width / lowRes.Width : 1);
        var panels = AllPanels(lowRes, highRes, results);
        var grid = NewGrid(panels.Count, cellSize);
        foreach (var panel in panels)
        {
            var image = panel.Label == "HR" ? MarkCrop(panel.Image, crop) : panel.Image;
            grid.Add(Fit(image, cellSize), Caption(panel));
        }

        foreach (var panel in panels)
        {
            grid.Add(Zoom(CropOf(panel.Image, highRes, crop), cellSize), panel.Label + " (zoom)");
        }

        return grid.Render();
    }

    /// <summary>One row of zoomed crops per image; all rows must have the same panels.</summary>
    public static ByteImage RenderCrops(IReadOnlyList<(ByteImage LowRes, ByteImage HighRes, IReadOnlyList<ComparisonPanel> Results)> rows, int cellSize = 128)
    {
        if (rows.Count == 0)
        {
            throw new ArgumentException("a crop figure needs at least one image");
        }

        var grid = NewGrid(rows[0].Results.Count + 2, cellSize);
        foreach (var (lowRes, highRes, results) in rows)
        {
            var crop = ChooseCrop(highRes, Math.Max(8, Math.Min(highRes.Width, highRes.Height) / 4), highRes.Width / lowRes.Width);
            foreach (var panel in AllPanels(lowRes, highRes, results))
            {
                grid.Add(Zoom(CropOf(panel.Image, highRes, crop), cellSize), Caption(panel));
            }
        }

        return grid.Render();
    }

    private static List<ComparisonPanel> AllPanels(ByteImage lowRes, ByteImage highRes, IReadOnlyList<ComparisonPanel> results)
    {
        var panels = new List<ComparisonPanel> { new("LR", lowRes), new("HR", highRes) };
        foreach (var panel in results)
        {
            if (panel.Image.Width != highRes.Width || panel.Image.Height != highRes.Height)
            {
                throw new ArgumentException($"panel '{panel.Label}' is {panel.Image.Width}x{panel.Image.Height}, the HR image {highRes.Width}x{highRes.Height}");
            }

            panels.Add(panel);
        }

        return panels;
    }

    private static ImageGrid NewGrid(int columns, int cellSize) =>
        new(columns) { CellWidth = cellSize, CellHeight = cellSize, Resampling = Resampling.Nearest };

    private static string Caption(ComparisonPanel panel) => panel.Score.Length == 0 ? panel.Label : $"{panel.Label} {panel.Score}";

    /// <summary>The square (in HR pixels, aligned to the scale) with the largest sum of |dx| + |dy| of the HR luma.</summary>
    private static (int Left, int Top, int Size) ChooseCrop(ByteImage highRes, int size, int scale)
    {
        scale = Math.Max(1, scale);
        size = Math.Max(scale, size / scale * scale);
        var luma = Luma.Of(highRes);
        int width = luma.Width, height = luma.Height;
        var energy = new double[(height + 1) * (width + 1)]; // summed-area table of the edge energy
        for (int y = 0; y < height; y++)
        {
            double row = 0;
            for (int x = 0; x < width; x++)
            {
                int p = y * width + x;
                int dx = x + 1 < width ? Math.Abs(luma.Pixels[p + 1] - luma.Pixels[p]) : 0;
                int dy = y + 1 < height ? Math.Abs(luma.Pixels[p + width] - luma.Pixels[p]) : 0;
                row += dx + dy;
                energy[(y + 1) * (width + 1) + x + 1] = energy[y * (width + 1) + x + 1] + row;
            }
        }

        double Sum(int left, int top) =>
            energy[(top + size) * (width + 1) + left + size] - energy[top * (width + 1) + left + size]
            - energy[(top + size) * (width + 1) + left] + energy[top * (width + 1) + left];

        var best = (Left: 0, Top: 0, Size: Math.Min(size, Math.Min(width, height) / scale * scale));
        if (best.Size < size)
        {
            return best;
        }

        double bestEnergy = -1;
        int step = Math.Max(scale, size / 4 / scale * scale);
        for (int top = 0; top + size <= height; top += step)
        {
            for (int left = 0; left + size <= width; left += step)
            {
                double value = Sum(left, top);
                if (value > bestEnergy)
                {
                    (bestEnergy, best) = (value, (left, top, size));
                }
            }
        }

        return best;
    }

    // The crop of a panel: the HR-sized ones directly, the LR one at 1/scale.
    private static ByteImage CropOf(ByteImage image, ByteImage highRes, (int Left, int Top, int Size) crop)
    {
        int scale = Math.Max(1, highRes.Width / image.Width);
        return Luma.Crop(image, crop.Left / scale, crop.Top / scale, Math.Max(1, crop.Size / scale), Math.Max(1, crop.Size / scale));
    }

    private static ByteImage MarkCrop(ByteImage image, (int Left, int Top, int Size) crop)
    {
        var marked = ToRgb(image);
        int thickness = Math.Max(2, Math.Min(image.Width, image.Height) / 128);
        for (int t = 0; t < thickness; t++)
        {
            for (int i = 0; i < crop.Size; i++)
            {
                Paint(marked, crop.Left + i, crop.Top + t);
                Paint(marked, crop.Left + i, crop.Top + crop.Size - 1 - t);
                Paint(marked, crop.Left + t, crop.Top + i);
                Paint(marked, crop.Left + crop.Size - 1 - t, crop.Top + i);
            }
        }

        return marked;
    }

    private static void Paint(ByteImage image, int x, int y)
    {
        if (x >= 0 && y >= 0 && x < image.Width && y < image.Height)
        {
            image.At(x, y, 0) = Marker.R;
            image.At(x, y, 1) = Marker.G;
            image.At(x, y, 2) = Marker.B;
        }
    }

    private static ByteImage ToRgb(ByteImage image)
    {
        var result = new ByteImage(image.Width, image.Height, 3);
        for (int i = 0; i < image.Width * image.Height; i++)
        {
            for (int c = 0; c < 3; c++)
            {
                result.Pixels[i * 3 + c] = image.Pixels[i * image.Channels + (image.Channels >= 3 ? c : 0)];
            }
        }

        return result;
    }

    // Shrink to fit the cell with an antialiased bicubic (the grid's own resampling would alias); never enlarge here.
    private static ByteImage Fit(ByteImage image, int cellSize)
    {
        double scale = Math.Min(1.0, Math.Min((double)cellSize / image.Width, (double)cellSize / image.Height));
        if (scale >= 1.0)
        {
            return image;
        }

        int width = Math.Clamp((int)Math.Round(image.Width * scale), 1, cellSize), height = Math.Clamp((int)Math.Round(image.Height * scale), 1, cellSize);
        return ImageResize.Resize(image, height, width, ResizeMethod.Bicubic);
    }

    // Enlarge by whole pixel copies so the cell shows each result pixel as a block.
    private static ByteImage Zoom(ByteImage image, int cellSize)
    {
        int factor = Math.Max(1, cellSize / Math.Max(image.Width, image.Height));
        return ImageResize.Resize(image, image.Height * factor, image.Width * factor, ResizeMethod.Nearest);
    }
}
