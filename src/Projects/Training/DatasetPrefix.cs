using IlgpuNet.Data;

namespace IlgpuNet.Training;

/// <summary>The first <c>count</c> samples of a data set (for smoke runs and --limit).</summary>
public sealed class DatasetPrefix<T>(IDataset<T> source, int count) : IDataset<T>
{
    public int Count { get; } = Math.Min(count, source.Count);

    public T this[int index] => (uint)index < (uint)Count ? source[index]
        : throw new ArgumentOutOfRangeException(nameof(index), $"index {index} outside [0, {Count})");
}
