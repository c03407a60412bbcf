using IlgpuNet.Layers;
using IlgpuNet.Layers.Checkpoints;
using IlgpuNet.Nerf.Rendering;
using IlgpuNet.Tensors;

namespace IlgpuNet.Tests.Projects.Nerf;

/// <summary>Hierarchical sampling against nerf-pytorch's sample_pdf (tests/fixtures/make_nerf_fixtures.py), and the encodings.</summary>
public class SamplingTests
{
    private static readonly SafeTensorsFile Fixture = SafeTensors.Read(Path.Combine(AppContext.BaseDirectory, "fixtures", "nerf", "sample_pdf.safetensors"));

    [Fact]
    public void SamplePdf_Deterministic_MatchesNerfPytorch()
    {
        var samples = Functional.SamplePdf(Fixture.Tensors["bins"], Fixture.Tensors["weights"], 12, deterministic: true);
        AssertClose(Fixture.Tensors["deterministic"].ToArray(), samples.ToArray());
    }

    [Fact]
    public void SamplePdf_PhiloxUniforms_MatchNerfPytorchFedTheSameUniforms()
    {
        var samples = Functional.SamplePdf(Fixture.Tensors["bins"], Fixture.Tensors["weights"], 12, generator: new Generator(5));
        AssertClose(Fixture.Tensors["random"].ToArray(), samples.ToArray());
    }

    [Fact]
    public void PositionalEncoding_KeepsInputThenSinCosPerFrequency()
    {
        var output = new float[PositionalEncoding.Width(2)];
        PositionalEncoding.Encode([0.1f, -0.2f, 0.3f], output, 2);
        Assert.Equal(15, output.Length);
        float[] expected =
        [
            0.1f, -0.2f, 0.3f,
            MathF.Sin(0.1f), MathF.Sin(-0.2f), MathF.Sin(0.3f), MathF.Cos(0.1f), MathF.Cos(-0.2f), MathF.Cos(0.3f),
            MathF.Sin(0.2f), MathF.Sin(-0.4f), MathF.Sin(0.6f), MathF.Cos(0.2f), MathF.Cos(-0.4f), MathF.Cos(0.6f),
        ];
        AssertClose(expected, output);
    }

    [Fact]
    public void SphericalHarmonics_AreOrthonormalOverTheSphere()
    {
        // Monte-Carlo over a Fibonacci sphere: ∫ Y_i Y_j dΩ ≈ δ_ij
        const int points = 20000;
        var basis = new float[SphericalHarmonics.Width];
        var gram = new double[SphericalHarmonics.Width, SphericalHarmonics.Width];
        for (int k = 0; k < points; k++)
        {
            double z = 1 - (2 * (k + 0.5) / points), r = Math.Sqrt(1 - (z * z)), phi = k * Math.PI * (3 - Math.Sqrt(5));
            SphericalHarmonics.Encode((float)(r * Math.Cos(phi)), (float)(r * Math.Sin(phi)), (float)z, basis);
            for (int i = 0; i < basis.Length; i++)
            {
                for (int j = 0; j < basis.Length; j++)
                {
                    gram[i, j] += basis[i] * basis[j] * 4 * Math.PI / points;
                }
            }
        }

        for (int i = 0; i < basis.Length; i++)
        {
            for (int j = 0; j < basis.Length; j++)
            {
                Assert.True(Math.Abs(gram[i, j] - (i == j ? 1 : 0)) < 2e-3, $"<Y{i}, Y{j}> = {gram[i, j]}");
            }
        }
    }

    private static void AssertClose(float[] expected, float[] actual)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
        {
            Assert.True(Math.Abs(expected[i] - actual[i]) <= 1e-5f * (1 + Math.Abs(expected[i])), $"element {i}: {actual[i]} vs {expected[i]}");
        }
    }
}
