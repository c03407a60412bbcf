using IlgpuNet.Data;

namespace IlgpuNet.Training;

/// <summary>The samples of a data set at the given indices, in that order (a train/validation split, a smaller run).</summary>
public sealed class DatasetSubset<T> : IDataset<T>
{
    private readonly IDataset<T> source;
    private readonly int[] indices;

    public DatasetSubset(IDataset<T> source, IEnumerable<int> indices)
    {
        this.source = source;
        this.indices = indices.ToArray();
        foreach (int index in this.indices)
        {
            if ((uint)index >= (uint)source.Count)
            {
                throw new ArgumentOutOfRangeException(nameof(indices), $"subset index {index} outside the data set's [0, {source.Count})");
            }
        }
    }

    public int Count => indices.Length;

    public T this[int index] => source[indices[index]];

    /// <summary>
    /// A seeded random split into the first <paramref name="trainCount"/> and next <paramref name="validationCount"/>
    /// samples of a shuffled order (torch.utils.data.random_split with a seeded generator).
    /// </summary>
    public static (DatasetSubset<T> Train, DatasetSubset<T> Validation) RandomSplit(IDataset<T> source, int trainCount, int validationCount, ulong seed)
    {
        if (trainCount < 1 || validationCount < 1 || trainCount + validationCount > source.Count)
        {
            throw new ArgumentException($"cannot split {trainCount} training and {validationCount} validation samples from a data set of {source.Count}");
        }

        var order = Enumerable.Range(0, source.Count).ToArray();
        new Random(SampleSeed.For(seed, -1, 0)).Shuffle(order);
        return (new DatasetSubset<T>(source, order.Take(trainCount)), new DatasetSubset<T>(source, order.Skip(trainCount).Take(validationCount)));
    }

    /// <summary>
    /// A seeded split that holds out <paramref name="perClass"/> samples of every class (fewer where a class has no
    /// more than that, leaving at least one to train on): the validation set then has the classes in equal numbers.
    /// Returns indices into <paramref name="labels"/>' data set, each list in ascending order.
    /// </summary>
    public static (int[] Train, int[] Validation) StratifiedIndices(IReadOnlyList<int> labels, int perClass, ulong seed)
    {
        if (perClass < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(perClass), $"hold out at least one sample per class, not {perClass}");
        }

        var validation = new List<int>();
        foreach (var group in Enumerable.Range(0, labels.Count).GroupBy(i => labels[i]).OrderBy(g => g.Key))
        {
            var members = group.ToArray();
            new Random(SampleSeed.For(seed, -2, group.Key)).Shuffle(members);
            validation.AddRange(members.Take(Math.Min(perClass, members.Length - 1)));
        }

        var held = validation.ToHashSet();
        return (Enumerable.Range(0, labels.Count).Where(i => !held.Contains(i)).ToArray(), [.. validation.Order()]);
    }
}
