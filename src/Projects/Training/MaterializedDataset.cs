using System.Runtime.ExceptionServices;
using IlgpuNet.Data;
using IlgpuNet.Data.Datasets;
using IlgpuNet.Data.Imaging;
using IlgpuNet.Tensors.IO;

namespace IlgpuNet.Training;

/// <summary>
/// Every sample of a data set read once (decoded in parallel) and kept in memory, for small sets read many times. A
/// file that cannot be decoded stops the reading with its <see cref="InvalidFileException"/> (the first such sample in
/// index order, whatever thread met it), or, given a <see cref="SkippedImages"/>, is left out and recorded there.
/// </summary>
public sealed class MaterializedDataset<T> : IDataset<T>
{
    private readonly T[] samples;

    public MaterializedDataset(IDataset<T> source, SkippedImages? skipped = null)
    {
        var read = new T[source.Count];
        var errors = new InvalidFileException?[source.Count];
        Parallel.For(0, source.Count, i =>
        {
            try
            {
                read[i] = source[i];
            }
            catch (InvalidFileException error)
            {
                errors[i] = error;
            }
        });

        var firstError = errors.FirstOrDefault(e => e != null);
        if (firstError != null && skipped == null)
        {
            ExceptionDispatchInfo.Throw(firstError);
        }

        KeptIndices = Enumerable.Range(0, source.Count).Where(i => errors[i] == null).ToArray();
        foreach (var error in errors.OfType<InvalidFileException>())
        {
            skipped!.Add(error);
        }

        samples = KeptIndices.Select(i => read[i]).ToArray();
    }

    /// <summary>The source index of each kept sample, in order (all of them unless files were skipped).</summary>
    public IReadOnlyList<int> KeptIndices { get; }

    public int Count => samples.Length;

    public T this[int index] => samples[index];
}
