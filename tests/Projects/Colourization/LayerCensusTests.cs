using IlgpuNet.Colourization;
using IlgpuNet.Layers.Models;

namespace IlgpuNet.Tests.Projects.Colourization;

/// <summary>PoolUpsampleNet's weights, outputs and connections: counted from the model, by the formulas, and by hand.</summary>
public class LayerCensusTests
{
    [Fact]
    public void PoolUpsampleNet_AssignmentSettings_CountsWorkedByHand()
    {
        // NIC 1, NF 32, NC 24, k 3, 32×32. Weights: 9·(1·32 + 32·64 + 64·32 + 32·24 + 24·24) + (32 + 64 + 32 + 24 + 24) = 9·5472 + 176.
        // Outputs: 32·1024 + 32·256 + 64·256 + 64·64 + 32·64 + 32·256 + 24·256 + 24·1024 + 24·1024.
        // Connections: 9·(1·32·1024 + 32·64·256 + 64·32·64 + 32·24·256 + 24·24·1024) + 4·(32·256 + 64·64) + (32·256 + 24·1024).
        var rows = LayerCensus.Count(new PoolUpsampleNet(new ColourNetConfig()), 1, 32, 32);
        var totals = LayerCensus.Sum(rows);

        Assert.Equal(49_424, totals.Weights);
        Assert.Equal(126_976, totals.Outputs);
        Assert.Equal(13_352_960, totals.Connections);
        Assert.Equal(["Conv2d", "MaxPool2d", "Conv2d", "MaxPool2d", "Conv2d", "Upsample", "Conv2d", "Upsample", "Conv2d"], rows.Select(r => r.Type));
        Assert.Equal([64, 16, 16], rows[2].OutputShape);
        Assert.Equal(9 * 32 * 64 + 64, rows[2].Weights); // BatchNorm's 2·64 parameters are not counted
        Assert.Equal(new PoolUpsampleNet(new ColourNetConfig()).ParameterCount() - 2 * (32 + 64 + 32 + 24), totals.Weights);
    }

    [Theory]
    [InlineData(3, 1, 32, 24, 32, 32)]
    [InlineData(3, 1, 32, 24, 64, 64)]
    [InlineData(5, 2, 8, 10, 16, 24)]
    [InlineData(4, 3, 16, 6, 8, 12)]
    [InlineData(1, 1, 4, 3, 4, 4)]
    public void PoolUpsampleNet_CountedFromTheModel_EqualsTheFormulas(int kernel, int nic, int nf, int nc, int height, int width)
    {
        var model = new PoolUpsampleNet(new ColourNetConfig(kernel, nic, nf, nc));

        var counted = LayerCensus.Sum(LayerCensus.Count(model, nic, height, width));

        Assert.Equal(PoolUpsampleFormulas.Of(kernel, nic, nf, nc, height, width), counted);
    }

    [Fact]
    public void DoubledWidthAndHeight_SameWeights_FourTimesTheOutputsAndConnections()
    {
        var small = PoolUpsampleFormulas.Of(3, 1, 32, 24, 32, 32);
        var large = PoolUpsampleFormulas.Of(3, 1, 32, 24, 64, 64);
        Assert.Equal((small.Weights, 4 * small.Outputs, 4 * small.Connections), (large.Weights, large.Outputs, large.Connections));
        Assert.Throws<ArgumentException>(() => PoolUpsampleFormulas.Of(3, 1, 32, 24, 30, 32));
    }

    [Fact]
    public void TransposedConvolution_CountsTheLinksOfEachInputUnit()
    {
        // ConvTransposeNet layer3: ConvTranspose(2NF → NF), k 3, on a 2NF × H/4 × W/4 input: each input unit feeds k²·NF outputs
        var rows = LayerCensus.Count(new ConvTransposeNet(new ColourNetConfig(Filters: 8, Colours: 5)), 1, 16, 16);
        var transposed = rows.Single(r => r.Layer == "layer3.0");
        Assert.Equal("ConvTranspose2d", transposed.Type);
        Assert.Equal(16L * 4 * 4 * 9 * 8, transposed.Connections);
        Assert.Equal(16L * 8 * 9 + 8, transposed.Weights);
    }
}
