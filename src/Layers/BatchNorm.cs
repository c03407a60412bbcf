using IlgpuNet.Autograd;
using IlgpuNet.Kernels;
using IlgpuNet.Tensors;

namespace IlgpuNet.Layers;

/// <summary>
/// Batch normalisation over channel dim 1 (PyTorch's _BatchNorm): weight 1 and bias 0 when affine; buffers
/// running_mean 0, running_var 1 and num_batches_tracked (int64) when tracking running statistics. Training
/// normalises with batch statistics and moves the running ones (momentum, or a cumulative average when momentum is
/// null); eval uses the running statistics.
/// </summary>
public abstract class BatchNorm : Module
{
    protected BatchNorm(int numFeatures, double eps, double? momentum, bool affine, bool trackRunningStats)
    {
        NumFeatures = numFeatures;
        Eps = eps;
        Momentum = momentum;
        Affine = affine;
        TrackRunningStats = trackRunningStats;
        RegisterParameter("weight", affine ? Tensor.Ones(numFeatures) : null);
        RegisterParameter("bias", affine ? Tensor.Zeros(numFeatures) : null);
        RegisterBuffer("running_mean", trackRunningStats ? Tensor.Zeros(numFeatures) : null);
        RegisterBuffer("running_var", trackRunningStats ? Tensor.Ones(numFeatures) : null);
        RegisterBuffer("num_batches_tracked", trackRunningStats ? Tensor.Zeros([], DType.Int64) : null);
    }

    public int NumFeatures { get; }

    public double Eps { get; }

    /// <summary>Running-statistics momentum; null means a cumulative moving average (1 / num_batches_tracked).</summary>
    public double? Momentum { get; }

    public bool Affine { get; }

    public bool TrackRunningStats { get; }

    public Tensor? Weight => GetParameter("weight");

    public Tensor? Bias => GetParameter("bias");

    public Tensor? RunningMean => GetBuffer("running_mean");

    public Tensor? RunningVar => GetBuffer("running_var");

    public Tensor? NumBatchesTracked => GetBuffer("num_batches_tracked");

    /// <summary>Running statistics back to mean 0, variance 1, count 0.</summary>
    public void ResetRunningStats()
    {
        using (GradMode.NoGrad())
        {
            RunningMean?.FillInPlace(0);
            RunningVar?.FillInPlace(1);
            NumBatchesTracked?.FillInPlace(0);
        }
    }

    /// <summary>Throws unless the input has the rank this layer takes.</summary>
    protected abstract void CheckInput(Tensor input);

    public override Tensor Forward(Tensor input)
    {
        CheckInput(input);
        if (input.Size(1) != NumFeatures)
        {
            throw new ArgumentException($"{TypeName}: expected {NumFeatures} channels, got input of shape ({string.Join(", ", input.Shape)})");
        }

        double factor = Momentum ?? 0.0;
        if (IsTraining && TrackRunningStats && NumBatchesTracked is { } count)
        {
            using (GradMode.NoGrad())
            {
                // counted where the buffer lives: reading it back would stall a device every step
                count.CopyFrom(count.Add(1));
            }

            factor = Momentum ?? 1.0 / count.Item();  // only the cumulative average needs the count on the host
        }

        bool batchStats = IsTraining || RunningMean == null;
        bool passRunning = !IsTraining || TrackRunningStats;
        return Functional.BatchNorm(input, passRunning ? RunningMean : null, passRunning ? RunningVar : null, Weight, Bias,
            batchStats, factor, Eps);
    }

    protected override string ExtraRepr()
        => $"{NumFeatures}, eps={Eps:G}, momentum={(Momentum is double m ? m.ToString("G", System.Globalization.CultureInfo.InvariantCulture) : "None")}, affine={Py(Affine)}, track_running_stats={Py(TrackRunningStats)}";
}
