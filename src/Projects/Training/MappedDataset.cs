using IlgpuNet.Data;

namespace IlgpuNet.Training;

/// <summary>A data set whose samples pass through a deterministic function when read (reshaping, resizing, recolouring).</summary>
public sealed class MappedDataset<TIn, TOut>(IDataset<TIn> source, Func<TIn, TOut> map) : IDataset<TOut>
{
    public int Count => source.Count;

    public TOut this[int index] => map(source[index]);
}
