namespace IlgpuNet.Data;

/// <summary>A finite, indexable collection of samples, as torch.utils.data.Dataset; samples may be decoded on access.</summary>
public interface IDataset<out TSample>
{
    int Count { get; }

    /// <summary>Sample <paramref name="index"/> in 0..Count-1; the same index gives the same sample.</summary>
    TSample this[int index] { get; }
}
