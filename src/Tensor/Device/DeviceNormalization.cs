using IlgpuNet.Kernels;

namespace IlgpuNet.Tensors;

/// <summary>batch_norm on a device over x viewed as [N, C, spatial] (Ilgpu/BatchNormKernels: one group per channel).</summary>
internal static class DeviceNormalization
{
    /// <summary>
    /// Batch statistics: y, and the mean and 1/sqrt(var + eps) backward needs; running buffers (null: left alone)
    /// move toward the batch mean and unbiased variance.
    /// </summary>
    public static void ForwardTraining(Tensor x, Tensor? weight, Tensor? bias, Tensor? runningMean, Tensor? runningVar,
        double momentum, double eps, Tensor y, Tensor mean, Tensor invstd)
    {
        var (n, c, spatial) = Sizes(x);
        x.Kernels().BatchNormForwardTrain(y.Buffer(), mean.Buffer(), invstd.Buffer(), DeviceTensor.BufferOrNull(runningMean),
            DeviceTensor.BufferOrNull(runningVar), x.Buffer(), DeviceTensor.BufferOrNull(weight), DeviceTensor.BufferOrNull(bias),
            n, c, spatial, (float)momentum, (float)eps);
    }

    /// <summary>Running statistics: y = (x - running_mean) / sqrt(running_var + eps) * weight + bias.</summary>
    public static void ForwardInference(Tensor x, Tensor? weight, Tensor? bias, Tensor runningMean, Tensor runningVar, double eps, Tensor y)
    {
        var (n, c, spatial) = Sizes(x);
        x.Kernels().BatchNormForwardEval(y.Buffer(), x.Buffer(), runningMean.Buffer(), runningVar.Buffer(), DeviceTensor.BufferOrNull(weight),
            DeviceTensor.BufferOrNull(bias), n, c, spatial, (float)eps);
    }

    /// <summary>The gradients that are not null, through batch statistics or through the fixed running ones.</summary>
    public static void Backward(Tensor dy, Tensor x, Tensor? weight, Tensor mean, Tensor invstd, bool batchStats,
        Tensor? dx, Tensor? dweight, Tensor? dbias)
    {
        var (n, c, spatial) = Sizes(x);
        x.Kernels().BatchNormBackward(DeviceTensor.BufferOrNull(dx), DeviceTensor.BufferOrNull(dweight), DeviceTensor.BufferOrNull(dbias),
            dy.Buffer(), x.Buffer(), DeviceTensor.BufferOrNull(weight), mean.Buffer(), invstd.Buffer(), n, c, spatial, batchStats);
    }

    private static (int N, int C, int Spatial) Sizes(Tensor x)
    {
        int n = x.ShapeRef[0], c = x.ShapeRef[1];
        return (n, c, x.Numel / Math.Max(1, n * c));
    }
}
