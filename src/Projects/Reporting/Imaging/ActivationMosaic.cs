using IlgpuNet.Data.Imaging;

namespace IlgpuNet.Reporting;

/// <summary>Feature maps of one sample (C, H, W), row-major, drawn as a square-ish grid of colour-mapped tiles.</summary>
public static class ActivationMosaic
{
    /// <summary>Each map is min-max normalised on its own, so weak channels still show their pattern.</summary>
    /// <param name="scale">Pixels per activation (nearest-neighbour upscaling).</param>
    /// <param name="maxChannels">Channels shown (the first ones).</param>
    public static ByteImage Render(float[] maps, int channels, int height, int width, Colormap colormap = Colormap.Viridis,
        int scale = 2, int padding = 1, int? columns = null, int maxChannels = 64)
    {
        int planeSize = height * width;
        if (channels <= 0 || planeSize <= 0 || maps.Length != channels * planeSize)
        {
            throw new ArgumentException($"activations of shape ({channels}, {height}, {width}) need {channels * planeSize} values, got {maps.Length}");
        }

        int shown = Math.Min(channels, maxChannels);
        var tiles = new List<ByteImage>(shown);
        for (int c = 0; c < shown; c++)
        {
            var plane = maps.AsSpan(c * planeSize, planeSize);
            tiles.Add(MosaicTiles.MappedTile(plane, height, width, colormap, MosaicTiles.Range(plane)));
        }

        return MosaicTiles.Grid(tiles, columns ?? MosaicTiles.SquareColumns(shown), scale, padding);
    }
}
