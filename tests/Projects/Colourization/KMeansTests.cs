using IlgpuNet.Colourization;

namespace IlgpuNet.Tests.Projects.Colourization;

public class KMeansTests
{
    /// <summary>Points scattered (±0.05) around three far-apart centres, in a shuffled order.</summary>
    private static float[] ThreeBlobs(out float[][] centres)
    {
        centres = [[0.1f, 0.1f, 0.9f], [0.8f, 0.2f, 0.1f], [0.5f, 0.9f, 0.5f]];
        var random = new Random(4);
        var points = new List<float>();
        for (int i = 0; i < 300; i++)
        {
            var centre = centres[random.Next(3)];
            points.AddRange(centre.Select(v => v + (float)(random.NextDouble() * 0.1 - 0.05)));
        }

        return [.. points];
    }

    [Fact]
    public void Fit_SeparatedBlobs_FindsEachBlobsMean_AndTheSameCentresForTheSameSeed()
    {
        var points = ThreeBlobs(out var truth);

        var result = KMeans.Fit(points, 3, 3, seed: 11);
        var again = KMeans.Fit(points, 3, 3, seed: 11);

        Assert.Equal(result.Centres, again.Centres);
        foreach (var centre in truth)
        {
            int nearest = KMeans.Nearest(centre, result.Centres);
            for (int d = 0; d < 3; d++)
            {
                Assert.InRange(result.Centre(nearest)[d], centre[d] - 0.02f, centre[d] + 0.02f);
            }
        }

        Assert.Equal(3, truth.Select(c => KMeans.Nearest(c, result.Centres)).Distinct().Count());
        Assert.InRange(result.Iterations, 1, 20);
    }

    [Fact]
    public void Fit_CentresAreTheMeansOfTheirPoints()
    {
        // 1-D: {0, 1, 2} and {10, 12}: Lloyd's fixed point is (1, 11) from any start
        var result = KMeans.Fit([0, 10, 1, 12, 2], 1, 2, seed: 3);
        Assert.Equal([1f, 11f], result.Centres.Order());
        Assert.Equal(2 + 2, result.Inertia, 6); // (1 + 0 + 1) + (1 + 1)
    }

    [Fact]
    public void Nearest_TiesGoToTheLowerIndex_AndTooFewPointsAreRejected()
    {
        Assert.Equal(0, KMeans.Nearest([0.5f], [0f, 1f]));
        Assert.Equal(1, KMeans.Nearest([0.6f], [0f, 1f]));
        Assert.Throws<ArgumentException>(() => KMeans.Fit([1, 2], 1, 3, seed: 0));
    }
}
