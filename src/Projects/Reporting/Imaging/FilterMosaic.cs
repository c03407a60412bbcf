using IlgpuNet.Data.Imaging;

namespace IlgpuNet.Reporting;

/// <summary>Convolution weights (Cout, Cin, kh, kw), row-major as PyTorch stores them, drawn as an image of upscaled filters.</summary>
public static class FilterMosaic
{
    /// <summary>
    /// Each output filter is min-max normalised on its own. With 3 input channels a filter is one RGB tile (first-layer
    /// filters look like the colour patterns they detect); otherwise one gray tile per (output, input) channel pair, a row
    /// per output filter, or a square grid when there is a single input channel.
    /// </summary>
    /// <param name="scale">Pixels per weight.</param>
    /// <param name="maxInputChannels">Input channels shown per row when Cin is neither 1 nor 3 (the first ones).</param>
    public static ByteImage Render(float[] weights, int outChannels, int inChannels, int kernelHeight, int kernelWidth,
        int scale = 8, int padding = 1, int maxInputChannels = 16)
    {
        int filterSize = inChannels * kernelHeight * kernelWidth;
        if (outChannels <= 0 || filterSize <= 0 || weights.Length != outChannels * filterSize)
        {
            throw new ArgumentException($"weights of shape ({outChannels}, {inChannels}, {kernelHeight}, {kernelWidth}) need {outChannels * filterSize} values, got {weights.Length}");
        }

        int planeSize = kernelHeight * kernelWidth;
        int shownInputs = Math.Min(inChannels, maxInputChannels);
        var tiles = new List<ByteImage>();
        for (int o = 0; o < outChannels; o++)
        {
            var filter = weights.AsSpan(o * filterSize, filterSize);
            var range = MosaicTiles.Range(filter);
            if (inChannels == 3)
            {
                tiles.Add(MosaicTiles.RgbTile(filter, kernelHeight, kernelWidth, range));
                continue;
            }

            for (int i = 0; i < shownInputs; i++)
            {
                tiles.Add(MosaicTiles.MappedTile(filter.Slice(i * planeSize, planeSize), kernelHeight, kernelWidth, Colormap.Gray, range));
            }
        }

        int columns = inChannels is 1 or 3 ? MosaicTiles.SquareColumns(outChannels) : shownInputs;
        return MosaicTiles.Grid(tiles, columns, scale, padding);
    }
}
