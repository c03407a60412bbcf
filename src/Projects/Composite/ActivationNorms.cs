using IlgpuNet.Autograd;
using IlgpuNet.Layers;
using IlgpuNet.Tensors;
using IlgpuNet.Training;

namespace IlgpuNet.Composite;

/// <summary>
/// Per-filter statistics of one layer's activation maps (the ReLU output of a conv-BN-ReLU block) over labelled
/// images whose digit is independent of their class: the mean L2 norm of each filter's map per class and per digit,
/// how much of each filter's norm variance the class or the digit explains (η², the between-group share of the
/// variance), and the share of its energy that lies in the digit quadrant.
/// </summary>
public sealed record ActivationNorms(string Layer, double[,] MeanByClass, double[,] MeanByDigit, double[] ClassEtaSquared, double[] DigitEtaSquared, double[] DigitQuadrantShare)
{
    public int Filters => ClassEtaSquared.Length;

    /// <summary>
    /// Runs the model over <paramref name="data"/> (eval mode) with hooks on the given layers, in batches of
    /// <paramref name="batchSize"/> (the training batch, whose activation sizes the host pool already keeps).
    /// </summary>
    public static IReadOnlyList<ActivationNorms> Measure(Module model, IReadOnlyList<(string Name, Module Layer)> layers, ClassificationData data, int[] digits,
        int batchSize, int classes = 10)
    {
        var norms = layers.Select(_ => new List<double[]>()).ToArray();
        var shares = layers.Select(_ => new List<double[]>()).ToArray();
        var handles = layers.Select((layer, i) => layer.Layer.RegisterForwardHook((Module _, Tensor _, Tensor output) =>
        {
            var (n, s) = PerFilter(output);
            norms[i].AddRange(n);
            shares[i].AddRange(s);
        })).ToList();
        var labels = new List<int>();
        model.Eval();
        try
        {
            using (GradMode.NoGrad())
            {
                foreach (var batch in data.WithoutAugmentation().Batches(0, batchSize, shuffle: false))
                {
                    using var images = batch.Images.To(model.Device);
                    model.Call(images).Dispose();
                    labels.AddRange(batch.Labels.ToArray<long>().Select(l => (int)l));
                }
            }
        }
        finally
        {
            handles.ForEach(h => h.Remove());
        }

        if (digits.Length != labels.Count)
        {
            throw new ArgumentException($"{digits.Length} digits for {labels.Count} images");
        }

        return layers.Select((layer, i) => Summarise(layer.Name, norms[i], shares[i], [.. labels], digits, classes)).ToList();
    }

    // (N, C, H, W) → per image and filter: ‖map‖₂ and the share of Σ map² inside the digit quadrant (scaled to the map size)
    private static (double[][] Norms, double[][] Shares) PerFilter(Tensor output)
    {
        int n = output.Size(0), c = output.Size(1), h = output.Size(2), w = output.Size(3);
        var values = output.Contiguous().ToArray();
        int top = h * CompositeLayout.DigitTop / CompositeLayout.Side, left = w * CompositeLayout.DigitLeft / CompositeLayout.Side;
        var norms = new double[n][];
        var shares = new double[n][];
        for (int i = 0; i < n; i++)
        {
            norms[i] = new double[c];
            shares[i] = new double[c];
            for (int f = 0; f < c; f++)
            {
                double total = 0, quadrant = 0;
                int offset = (i * c + f) * h * w;
                for (int y = 0; y < h; y++)
                {
                    for (int x = 0; x < w; x++)
                    {
                        double v = values[offset + y * w + x];
                        total += v * v;
                        if (y >= top && x >= left)
                        {
                            quadrant += v * v;
                        }
                    }
                }

                norms[i][f] = Math.Sqrt(total);
                shares[i][f] = total > 0 ? quadrant / total : 0;
            }
        }

        return (norms, shares);
    }

    private static ActivationNorms Summarise(string name, List<double[]> norms, List<double[]> shares, int[] labels, int[] digits, int classes)
    {
        int filters = norms[0].Length;
        return new ActivationNorms(name,
            GroupMeans(norms, labels, classes, filters), GroupMeans(norms, digits, classes, filters),
            EtaSquared(norms, labels, classes, filters), EtaSquared(norms, digits, classes, filters),
            Enumerable.Range(0, filters).Select(f => shares.Average(s => s[f])).ToArray());
    }

    private static double[,] GroupMeans(List<double[]> values, int[] groups, int groupCount, int filters)
    {
        var sums = new double[groupCount, filters];
        var counts = new int[groupCount];
        for (int i = 0; i < values.Count; i++)
        {
            counts[groups[i]]++;
            for (int f = 0; f < filters; f++)
            {
                sums[groups[i], f] += values[i][f];
            }
        }

        for (int g = 0; g < groupCount; g++)
        {
            for (int f = 0; f < filters; f++)
            {
                sums[g, f] = counts[g] > 0 ? sums[g, f] / counts[g] : double.NaN;
            }
        }

        return sums;
    }

    /// <summary>η² = between-group sum of squares / total sum of squares, per filter (0: the grouping explains nothing).</summary>
    public static double[] EtaSquared(IReadOnlyList<double[]> values, int[] groups, int groupCount, int filters)
    {
        var means = GroupMeans(values.ToList(), groups, groupCount, filters);
        var result = new double[filters];
        for (int f = 0; f < filters; f++)
        {
            double grand = values.Average(v => v[f]);
            double total = values.Sum(v => (v[f] - grand) * (v[f] - grand));
            double between = 0;
            for (int i = 0; i < values.Count; i++)
            {
                double d = means[groups[i], f] - grand;
                between += d * d;
            }

            result[f] = total > 0 ? between / total : 0;
        }

        return result;
    }
}
