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

    public override Tensor Forward(Tensor input) => Normalise(input, rectify: false);

    /// <summary>
    /// <c>Call(input).Relu()</c> as one op (<see cref="Functional.BatchNormRelu"/>): the normalised map is never
    /// written and backward finds the ReLU's mask from the input batch norm keeps anyway, so two passes over the map
    /// and the ReLU's saved output are saved. A layer with hooks runs its Call and then the ReLU, as they expect.
    /// </summary>
    public Tensor CallRectified(Tensor input)
    {
        if (HasHooks)
        {
            using var normalised = Call(input);
            return normalised.Relu();
        }

        using (Profiler.Measure("forward", $"{TypeName}+ReLU"))
        {
            return Normalise(input, rectify: true);
        }
    }

    /// <summary>
    /// relu.Call(norm.Call(x)), through <see cref="CallRectified"/> when they are a batch norm and a ReLU without hooks
    /// (a block's bn → relu); otherwise the two calls, the normalised map released once the ReLU has taken it.
    /// </summary>
    internal static Tensor CallThenRelu(Module norm, Module relu, Tensor x)
    {
        if (norm is BatchNorm batchNorm && relu is ReLU { HasHooks: false })
        {
            return batchNorm.CallRectified(x);
        }

        using var normalised = norm.Call(x);
        return relu.Call(normalised);
    }

    private Tensor Normalise(Tensor input, bool rectify)
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
        var mean = passRunning ? RunningMean : null;
        var variance = passRunning ? RunningVar : null;
        return rectify
            ? Functional.BatchNormRelu(input, mean, variance, Weight, Bias, batchStats, factor, Eps)
            : Functional.BatchNorm(input, mean, variance, Weight, Bias, batchStats, factor, Eps);
    }

    protected override string ExtraRepr()
        => $"{NumFeatures}, eps={Eps:G}, momentum={(Momentum is double m ? m.ToString("G", System.Globalization.CultureInfo.InvariantCulture) : "None")}, affine={Py(Affine)}, track_running_stats={Py(TrackRunningStats)}";
}
