using IlgpuNet.Tensors;

namespace IlgpuNet.Data.Loading;

/// <summary>
/// torch.utils.data.DataLoader: per-epoch shuffled (or sequential) batches of a data set, collated into a batch
/// value (usually tensors), with decoding and collation running on background workers a few batches ahead so the
/// training step does not wait on them. The order depends only on the generator's seed and the epoch.
/// </summary>
public sealed class DataLoader<TSample, TBatch>
{
    private readonly IDataset<TSample> dataset;
    private readonly Func<IReadOnlyList<TSample>, TBatch> collate;

    public DataLoader(IDataset<TSample> dataset, int batchSize, Func<IReadOnlyList<TSample>, TBatch> collate,
        bool shuffle = false, bool dropLast = false, ulong seed = 0, int prefetchBatches = 2, int workers = 1)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        this.dataset = dataset;
        this.collate = collate;
        BatchSize = batchSize;
        Shuffle = shuffle;
        DropLast = dropLast;
        Seed = seed;
        PrefetchBatches = Math.Max(0, prefetchBatches);
        Workers = Math.Max(1, workers);
    }

    public int BatchSize { get; }

    public bool Shuffle { get; }

    public bool DropLast { get; }

    public ulong Seed { get; }

    public int PrefetchBatches { get; }

    public int Workers { get; }

    public int SampleCount => dataset.Count;

    public int BatchCount => DropLast ? dataset.Count / BatchSize : (dataset.Count + BatchSize - 1) / BatchSize;

    /// <summary>The sample order of one epoch: a Philox permutation of (seed, epoch) when shuffling.</summary>
    public int[] EpochOrder(int epoch)
    {
        if (!Shuffle)
        {
            return Enumerable.Range(0, dataset.Count).ToArray();
        }

        var generator = new Generator(Seed * 1_000_003UL + (ulong)epoch);
        return Tensor.Randperm(dataset.Count, generator).ToArray<long>().Select(i => (int)i).ToArray();
    }

    /// <summary>The batches of one epoch, prepared ahead on background threads.</summary>
    public IEnumerable<TBatch> Epoch(int epoch, CancellationToken cancellation = default)
    {
        var order = EpochOrder(epoch);
        int batches = BatchCount;
        if (PrefetchBatches == 0)
        {
            for (int b = 0; b < batches; b++)
            {
                yield return MakeBatch(order, b);
            }

            yield break;
        }

        // Each batch is built by a task; at most PrefetchBatches + Workers are in flight, consumed in order.
        var pending = new Queue<Task<TBatch>>();
        using var slots = new SemaphoreSlim(Workers);
        int next = 0;
        void Refill()
        {
            while (next < batches && pending.Count < PrefetchBatches + Workers)
            {
                int index = next++;
                pending.Enqueue(Task.Run(async () =>
                {
                    await slots.WaitAsync(cancellation).ConfigureAwait(false);
                    try
                    {
                        return MakeBatch(order, index);
                    }
                    finally
                    {
                        slots.Release();
                    }
                }, cancellation));
            }
        }

        Refill();
        try
        {
            while (pending.Count > 0)
            {
                var batch = pending.Dequeue().GetAwaiter().GetResult();
                Refill();
                yield return batch;
            }
        }
        finally
        {
            // an abandoned epoch (early stop, exception) waits for its in-flight batches before the semaphore goes
            while (pending.Count > 0)
            {
                try
                {
                    pending.Dequeue().Wait(CancellationToken.None);
                }
                catch (AggregateException)
                {
                    // the consumer is gone; the error of an unused batch has no one to report to
                }
            }
        }
    }

    private TBatch MakeBatch(int[] order, int batchIndex)
    {
        int start = batchIndex * BatchSize;
        int count = Math.Min(BatchSize, order.Length - start);
        var samples = new TSample[count];
        for (int i = 0; i < count; i++)
        {
            samples[i] = dataset[order[start + i]];
        }

        return collate(samples);
    }
}
