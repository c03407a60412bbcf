using IlgpuNet.Benchmarks.Conv;
using IlgpuNet.Benchmarks.Gemm;

namespace IlgpuNet.Tests.Benchmarks;

/// <summary>The amounts of work the GFLOP/s columns divide by: convolutions and the GEMMs they run as.</summary>
public class WorkCountTests
{
    private static ConvShape Named(string name) => ConvShape.SeedModels.Single(s => s.Name == name);

    [Fact]
    public void ConvFlops_CountTwoPerMultiplyAdd_AtTheStridedOutputSize()
    {
        // ResNet18's stem at 32×32: 7×7 stride 2 pad 3 → 16×16 outputs; 128·64·16·16 outputs × 3·49 taps × 2
        var stem = Named("resnet18 conv1 7x7/2");
        Assert.Equal((16, 16), (stem.Geometry.OutH, stem.Geometry.OutW));
        Assert.Equal(616_562_688.0, stem.Flops);

        // SRCNN's 9×9 layer keeps 33×33: 128·64·1089 outputs × 81 taps × 2
        Assert.Equal(1_445_216_256.0, Named("srcnn conv1 9x9").Flops);
    }

    [Fact]
    public void ForConv_GivesForwardAndBothGradientGemms_OverImagesSideBySide()
    {
        // Table-2's first layer: 32×32 outputs is already over 256 columns, so one image per GEMM; R = 3·5·5 = 75
        var gemms = GemmShape.ForConv(Named("task2 conv1 5x5")).ToArray();
        Assert.Equal(3, gemms.Length);
        Assert.Equal((32, 1024, 75, false, false), Dims(gemms[0]));    // Y = W @ cols
        Assert.Equal((32, 75, 1024, false, true), Dims(gemms[1]));     // dW = dY @ colsᵀ
        Assert.Equal((75, 1024, 32, true, false), Dims(gemms[2]));     // dcols = Wᵀ @ dY

        // ResNet18 layer3 has 2×2 maps: 64 images reach 256 columns
        var layer3 = Named("resnet18 layer3 3x3");
        Assert.Equal(64, GemmShape.ConvImages(layer3));
        Assert.Equal((256, 256, 2304, false, false), Dims(GemmShape.ForConv(layer3).First()));

        // UNet's stride-2 3×3 layer: 8×8 outputs, 4 images
        Assert.Equal(4, GemmShape.ConvImages(Named("unet d2 3x3/2")));
    }

    [Fact]
    public void ForConv_EachGemmCarriesItsImagesShareOfTheConvolutionsFlops()
    {
        foreach (var conv in ConvShape.SeedModels)
        {
            double share = conv.Flops * GemmShape.ConvImages(conv) / conv.N;
            foreach (var gemm in GemmShape.ForConv(conv))
            {
                Assert.True(Math.Abs(gemm.Flops - share) <= 1e-9 * share, $"{gemm.Name}: {gemm.Flops} vs {share}");
                Assert.Equal(gemm.TransA ? gemm.M : gemm.K, gemm.Lda);
                Assert.Equal(gemm.TransB ? gemm.K : gemm.N, gemm.Ldb);
            }
        }
    }

    [Fact]
    public void ConvGemms_AreNamedUniquely_SoEveryBenchmarkCaseIsDistinct()
    {
        var names = GemmShape.Conv.Select(s => s.Name).ToList();
        Assert.Equal(3 * ConvShape.SeedModels.Count, names.Count);
        Assert.Equal(names.Count, names.Distinct().Count());
    }

    private static (int M, int N, int K, bool TransA, bool TransB) Dims(GemmShape s) => (s.M, s.N, s.K, s.TransA, s.TransB);
}
