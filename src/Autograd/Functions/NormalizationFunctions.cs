using System.Numerics;
using IlgpuNet.Kernels.Cpu;
using IlgpuNet.Tensors;
using static IlgpuNet.Autograd.Functions.KernelBuffers;

namespace IlgpuNet.Autograd.Functions;

/// <summary>batch_norm over the CPU or the device kernels, forward and backward side by side (PyTorch's F.batch_norm).</summary>
public static class NormalizationFunctions
{
    // x (N, C, *), weight/bias (C) or null, runningMean/runningVar (C) or null → y (N, C, *).
    // Batch statistics when training or when there are no running statistics; the running buffers are then moved
    // in place toward the batch mean and the unbiased batch variance: r = (1 - momentum) r + momentum stat.
    // rectify: relu(batch_norm(x)) as one op on the CPU (BatchNormKernels: the ReLU's passes and its output are not
    // kept; backward recomputes its mask from x); device kernels run the two ops one after the other.
    public static Tensor BatchNorm(Tensor x, Tensor? runningMean, Tensor? runningVar, Tensor? weight, Tensor? bias,
        bool training, double momentum, double eps, bool rectify = false)
    {
        const string op = "batch_norm";
        if (x.Rank < 2)
        {
            throw new ArgumentException($"{op}: expected an input of shape (N, C, *), got {ShapeRules.Format(x.ShapeRef)}");
        }

        RequireSameDType(op, x, weight, bias, runningMean, runningVar);
        RequireSameDevice(op, x, weight, bias, runningMean, runningVar);
        if ((runningMean == null) != (runningVar == null))
        {
            throw new ArgumentException($"{op}: pass both running_mean and running_var, or neither");
        }

        int n = x.ShapeRef[0], c = x.ShapeRef[1], spatial = x.Numel / Math.Max(1, n * c);
        foreach (var (t, name) in new[] { (weight, "weight"), (bias, "bias"), (runningMean, "running_mean"), (runningVar, "running_var") })
        {
            if (t != null && (t.Numel != c || !t.IsContiguous))
            {
                throw new ArgumentException($"{op}: {name} must be a contiguous tensor of {c} elements, got shape {ShapeRules.Format(t.ShapeRef)}");
            }

            if (t != null && !t.Device.IsCpu && t.Offset != 0)
            {
                throw new ArgumentException($"{op}: on {t.Device} {name} must start at its storage's first element (device kernels take no offset); pass a copy");
            }
        }

        if (rectify && !x.Device.IsCpu)
        {
            using var normalised = BatchNorm(x, runningMean, runningVar, weight, bias, training, momentum, eps);
            return ElementwiseFunctions.Relu(normalised);
        }

        bool batchStats = training || runningMean == null;
        var xd = Dense(x);
        var y = RawOps.Empty(x.ShapeRef, x.DType, x.Device);
        var mean = RawOps.Empty([c], x.DType, x.Device);
        var invstd = RawOps.Empty([c], x.DType, x.Device);
        var reluScale = rectify ? RawOps.Empty([c], x.DType, x.Device) : null; // the per-channel affine whose sign is the ReLU's mask
        var reluShift = rectify ? RawOps.Empty([c], x.DType, x.Device) : null;
        if (!batchStats)
        {
            // eval: the running statistics are constants of this call (copied: the buffers may move before backward)
            RawOps.CopyInto(mean, runningMean!);
            RawOps.CopyInto(invstd, runningVar!);
            RawOps.UnaryInto(invstd, invstd, Kernels.UnaryOp.Affine, 1.0, eps);
            RawOps.UnaryInto(invstd, invstd, Kernels.UnaryOp.Rsqrt);
        }

        void Forward<T>()
            where T : unmanaged, IFloatingPointIeee754<T>
        {
            if (batchStats)
            {
                BatchNormKernels.ForwardTraining<T>(Span<T>(xd), n, c, spatial, Span<T>(weight), Span<T>(bias), eps, Span<T>(y),
                    Span<T>(mean), Span<T>(invstd), Span<T>(training ? runningMean : null), Span<T>(training ? runningVar : null), momentum,
                    Span<T>(reluScale), Span<T>(reluShift));
            }
            else
            {
                BatchNormKernels.ForwardInference<T>(Span<T>(xd), n, c, spatial, Span<T>(weight), Span<T>(bias),
                    Span<T>(runningMean), Span<T>(runningVar), eps, Span<T>(y), Span<T>(reluScale), Span<T>(reluShift));
            }
        }

        void OnDevice()
        {
            if (batchStats)
            {
                DeviceNormalization.ForwardTraining(xd, weight, bias, training ? runningMean : null, training ? runningVar : null,
                    momentum, eps, y, mean, invstd);
            }
            else
            {
                DeviceNormalization.ForwardInference(xd, weight, bias, runningMean!, runningVar!, eps, y);
            }
        }

        Dispatch(op, x, Forward<float>, Forward<double>, OnDevice);

        var inputs = new List<Tensor> { x };
        if (weight != null)
        {
            inputs.Add(weight);
        }

        if (bias != null)
        {
            inputs.Add(bias);
        }

        var output = Graph.Record(rectify ? "NativeBatchNormReluBackward" : "NativeBatchNormBackward", y, [.. inputs], gy =>
        {
            var dy = Dense(gy);
            Tensor? dx = x.RequiresGrad ? RawOps.Empty(x.ShapeRef, x.DType, x.Device) : null;
            Tensor? dGamma = weight is { RequiresGrad: true } ? RawOps.Empty([c], x.DType, x.Device) : null;
            Tensor? dBeta = bias is { RequiresGrad: true } ? RawOps.Empty([c], x.DType, x.Device) : null;
            void Backward<T>()
                where T : unmanaged, IFloatingPointIeee754<T>
            {
                if (batchStats)
                {
                    BatchNormKernels.BackwardTraining<T>(Span<T>(dy), Span<T>(xd), n, c, spatial, Span<T>(weight), Span<T>(mean), Span<T>(invstd),
                        Span<T>(dx), Span<T>(dGamma), Span<T>(dBeta), Span<T>(reluScale), Span<T>(reluShift));
                }
                else
                {
                    BatchNormKernels.BackwardInference<T>(Span<T>(dy), Span<T>(xd), n, c, spatial, Span<T>(weight), Span<T>(mean), Span<T>(invstd),
                        Span<T>(dx), Span<T>(dGamma), Span<T>(dBeta), Span<T>(reluScale), Span<T>(reluShift));
                }
            }

            Dispatch(op, x, Backward<float>, Backward<double>,
                () => DeviceNormalization.Backward(dy, xd, weight, mean, invstd, batchStats, dx, dGamma, dBeta));
            var grads = new List<Tensor?> { dx };
            if (weight != null)
            {
                grads.Add(dGamma);
            }

            if (bias != null)
            {
                grads.Add(dBeta);
            }

            DisposeCopy(dy, gy);
            return [.. grads];
        }, saved: [xd, weight, mean, invstd, reluScale, reluShift]);
        DisposeCopy(xd, x);
        mean.Dispose(); // the node holds the statistics while it needs them
        invstd.Dispose();
        reluScale?.Dispose();
        reluShift?.Dispose();
        return output;
    }
}
