namespace IlgpuNet.Colourization;

/// <summary>
/// Lloyd's k-means on points of any dimension, seeded: k-means++ picks the first centres (each next one with
/// probability proportional to its squared distance from the nearest centre so far), then assignment and mean steps
/// alternate until no point changes cluster. A cluster left empty takes the point farthest from its centre. The same
/// points, k and seed give the same centres.
/// </summary>
public static class KMeans
{
    public sealed record Result(float[] Centres, int Dimensions, int Iterations, double Inertia)
    {
        public int Count => Centres.Length / Dimensions;

        public ReadOnlySpan<float> Centre(int cluster) => Centres.AsSpan(cluster * Dimensions, Dimensions);
    }

    /// <param name="points">n points of <paramref name="dimensions"/> values each, one after another.</param>
    public static Result Fit(float[] points, int dimensions, int k, int seed, int maxIterations = 300)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(dimensions, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(k, 1);
        int n = points.Length / dimensions;
        if (points.Length % dimensions != 0 || n < k)
        {
            throw new ArgumentException($"k-means: {points.Length} values are not {k} or more points of {dimensions} dimensions");
        }

        var random = new Random(seed);
        var centres = PlusPlusCentres(points, dimensions, k, random);
        var assignment = new int[n];
        Array.Fill(assignment, -1);
        int iteration = 0;
        double inertia = 0;
        for (bool moving = true; moving && iteration < maxIterations; iteration++)
        {
            (bool changed, inertia) = Assign(points, dimensions, centres, assignment);
            bool reseeded = UpdateCentres(points, dimensions, centres, assignment);
            moving = changed || reseeded;
        }

        return new Result(centres, dimensions, iteration, inertia);
    }

    /// <summary>The index of the centre nearest to <paramref name="point"/> (squared Euclidean distance; ties to the lower index).</summary>
    public static int Nearest(ReadOnlySpan<float> point, ReadOnlySpan<float> centres)
    {
        int dimensions = point.Length, best = 0;
        float bestDistance = float.PositiveInfinity;
        for (int c = 0; c < centres.Length / dimensions; c++)
        {
            float distance = 0;
            for (int d = 0; d < dimensions; d++)
            {
                float delta = point[d] - centres[c * dimensions + d];
                distance += delta * delta;
            }

            if (distance < bestDistance)
            {
                (best, bestDistance) = (c, distance);
            }
        }

        return best;
    }

    private static float[] PlusPlusCentres(float[] points, int dimensions, int k, Random random)
    {
        int n = points.Length / dimensions;
        var centres = new float[k * dimensions];
        var nearest = new double[n];
        Array.Fill(nearest, double.PositiveInfinity);
        int chosen = random.Next(n);
        for (int c = 0; c < k; c++)
        {
            points.AsSpan(chosen * dimensions, dimensions).CopyTo(centres.AsSpan(c * dimensions));
            double total = 0;
            for (int i = 0; i < n; i++)
            {
                nearest[i] = Math.Min(nearest[i], SquaredDistance(points, i, centres, c, dimensions));
                total += nearest[i];
            }

            if (c + 1 < k)
            {
                chosen = Draw(nearest, total, random);
            }
        }

        return centres;
    }

    // a point with probability nearest[i] / total (any point when all coincide with a centre)
    private static int Draw(double[] nearest, double total, Random random)
    {
        if (total <= 0)
        {
            return random.Next(nearest.Length);
        }

        double target = random.NextDouble() * total;
        for (int i = 0; i < nearest.Length; i++)
        {
            target -= nearest[i];
            if (target < 0)
            {
                return i;
            }
        }

        return Array.FindLastIndex(nearest, d => d > 0);
    }

    private static (bool Changed, double Inertia) Assign(float[] points, int dimensions, float[] centres, int[] assignment)
    {
        bool changed = false;
        double inertia = 0;
        for (int i = 0; i < assignment.Length; i++)
        {
            int cluster = Nearest(points.AsSpan(i * dimensions, dimensions), centres);
            inertia += SquaredDistance(points, i, centres, cluster, dimensions);
            changed |= assignment[i] != cluster;
            assignment[i] = cluster;
        }

        return (changed, inertia);
    }

    /// <summary>Moves each centre to the mean of its points; true when an empty cluster had to take a new point.</summary>
    private static bool UpdateCentres(float[] points, int dimensions, float[] centres, int[] assignment)
    {
        bool reseeded = false;
        int k = centres.Length / dimensions;
        var sums = new double[centres.Length];
        var counts = new int[k];
        for (int i = 0; i < assignment.Length; i++)
        {
            counts[assignment[i]]++;
            for (int d = 0; d < dimensions; d++)
            {
                sums[assignment[i] * dimensions + d] += points[i * dimensions + d];
            }
        }

        for (int c = 0; c < k; c++)
        {
            if (counts[c] == 0)
            {
                int farthest = Farthest(points, dimensions, centres, assignment);
                points.AsSpan(farthest * dimensions, dimensions).CopyTo(centres.AsSpan(c * dimensions));
                assignment[farthest] = c;
                reseeded = true;
                continue;
            }

            for (int d = 0; d < dimensions; d++)
            {
                centres[c * dimensions + d] = (float)(sums[c * dimensions + d] / counts[c]);
            }
        }

        return reseeded;
    }

    private static int Farthest(float[] points, int dimensions, float[] centres, int[] assignment)
    {
        int farthest = 0;
        double distance = -1;
        for (int i = 0; i < assignment.Length; i++)
        {
            double d = SquaredDistance(points, i, centres, assignment[i], dimensions);
            if (d > distance)
            {
                (farthest, distance) = (i, d);
            }
        }

        return farthest;
    }

    private static double SquaredDistance(float[] points, int point, float[] centres, int centre, int dimensions)
    {
        double sum = 0;
        for (int d = 0; d < dimensions; d++)
        {
            double delta = points[point * dimensions + d] - centres[centre * dimensions + d];
            sum += delta * delta;
        }

        return sum;
    }
}
