using IlgpuNet.Data;

namespace IlgpuNet.Training;

/// <summary>Pairs each sample with its index, which seeds its augmentation (<see cref="SampleSeed"/>).</summary>
public sealed class IndexedDataset<T>(IDataset<T> source) : IDataset<(int Index, T Sample)>
{
    public int Count => source.Count;

    public (int Index, T Sample) this[int index] => (index, source[index]);
}
