using IlgpuNet.Data.Imaging;

namespace IlgpuNet.Reporting;

/// <summary>Float arrays to small colour tiles, min-max normalised, and tiles to an upscaled grid: shared by filter and activation mosaics.</summary>
internal static class MosaicTiles
{
    /// <summary>One H x W plane mapped through <paramref name="colormap"/> (min to the dark end, max to the bright end).</summary>
    public static ByteImage MappedTile(ReadOnlySpan<float> plane, int height, int width, Colormap colormap, (float Min, float Max) range)
    {
        var tile = new ByteImage(width, height, 3);
        for (int i = 0; i < plane.Length; i++)
        {
            var color = Colormaps.Map(colormap, Normalize(plane[i], range));
            tile.Pixels[(i * 3) + 0] = color.R;
            tile.Pixels[(i * 3) + 1] = color.G;
            tile.Pixels[(i * 3) + 2] = color.B;
        }

        return tile;
    }

    /// <summary>Three CHW planes (a filter on RGB input) as one RGB tile, all channels on one shared range so colour balance is kept.</summary>
    public static ByteImage RgbTile(ReadOnlySpan<float> planes, int height, int width, (float Min, float Max) range)
    {
        var tile = new ByteImage(width, height, 3);
        int area = height * width;
        for (int c = 0; c < 3; c++)
        {
            for (int i = 0; i < area; i++)
            {
                tile.Pixels[(i * 3) + c] = (byte)Math.Round(Normalize(planes[(c * area) + i], range) * 255);
            }
        }

        return tile;
    }

    public static (float Min, float Max) Range(ReadOnlySpan<float> values)
    {
        float min = float.PositiveInfinity, max = float.NegativeInfinity;
        foreach (float value in values)
        {
            if (float.IsFinite(value))
            {
                min = Math.Min(min, value);
                max = Math.Max(max, value);
            }
        }

        return min <= max ? (min, max) : (0, 0);
    }

    /// <summary>Tiles upscaled by an integer factor with nearest-neighbour (every weight stays a crisp square), gaps in a neutral gray.</summary>
    public static ByteImage Grid(IReadOnlyList<ByteImage> tiles, int columns, int scale, int padding)
    {
        var grid = new ImageGrid(columns)
        {
            CellWidth = tiles[0].Width * scale,
            CellHeight = tiles[0].Height * scale,
            Padding = padding,
            Resampling = Resampling.Nearest,
            Background = new Rgb(160, 160, 160),
        };
        foreach (var tile in tiles)
        {
            grid.Add(tile);
        }

        return grid.Render();
    }

    public static int SquareColumns(int count) => Math.Max(1, (int)Math.Ceiling(Math.Sqrt(count)));

    /// <summary>A constant plane has no contrast to show: it maps to the middle of the range.</summary>
    private static double Normalize(float value, (float Min, float Max) range) =>
        range.Max > range.Min ? (value - range.Min) / (double)(range.Max - range.Min) : 0.5;
}
