using IlgpuNet.Data;

namespace IlgpuNet.Training;

/// <summary>Every sample of a data set read once (decoded in parallel) and kept in memory, for small sets read many times.</summary>
public sealed class MaterializedDataset<T> : IDataset<T>
{
    private readonly T[] samples;

    public MaterializedDataset(IDataset<T> source)
    {
        samples = new T[source.Count];
        Parallel.For(0, source.Count, i => samples[i] = source[i]);
    }

    public int Count => samples.Length;

    public T this[int index] => samples[index];
}
