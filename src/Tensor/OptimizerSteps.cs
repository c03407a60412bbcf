using IlgpuNet.Kernels;
using IlgpuNet.Kernels.Cpu;
using static IlgpuNet.Autograd.Functions.KernelBuffers;

namespace IlgpuNet.Tensors;

/// <summary>
/// Fused optimizer updates (Cpu/OptimizerKernels on the CPU, Ilgpu/OptimizerKernels on a device): one pass per
/// parameter reads the gradient and the state and writes the parameter and state in place, PyTorch's update rules (SGD,
/// Adam, AdamW). A rule applies when <see cref="Applies"/> says so; otherwise the optimizer composes the update from
/// tensor ops.
/// </summary>
public static class OptimizerSteps
{
    /// <summary>
    /// True when the fused kernels can update this parameter: dense, float32 or float64 on the CPU, float32 from its
    /// storage's start on a device.
    /// </summary>
    public static bool Applies(Tensor parameter)
        => parameter.IsContiguous && (parameter.Device.IsCpu
            ? parameter.DType is DType.Float32 or DType.Float64
            : parameter.DType == DType.Float32 && parameter.Offset == 0);

    /// <summary>
    /// torch.optim.SGD for one parameter. With momentum, <paramref name="momentumBuffer"/> (shaped like the parameter)
    /// is set to the direction on the first step and updated after.
    /// </summary>
    public static void Sgd(Tensor parameter, Tensor grad, Tensor? momentumBuffer, double lr, double momentum, double dampening,
        double weightDecay, bool nesterov, bool firstStep)
    {
        RequireApplies(parameter);
        if (parameter.Device.IsCpu)
        {
            var g = Gradient(parameter, grad);
            void Step<T>()
                where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
                => OptimizerKernels.Sgd(Span<T>(parameter), Span<T>(g), Span<T>(momentumBuffer), lr, momentum, dampening, weightDecay,
                    nesterov, firstStep);
            Dispatch(Op, parameter, Step<float>, Step<double>);
            DisposeCopy(g, grad);
            return;
        }

        parameter.Kernels().SgdStep(parameter.Buffer(), Gradient(parameter, grad).Buffer(), DeviceTensor.BufferOrNull(momentumBuffer),
            parameter.Numel, (float)lr, (float)momentum, (float)dampening, (float)weightDecay, nesterov, firstStep);
    }

    /// <summary>torch.optim.Adam (decoupled false) or AdamW (decoupled true) step number <paramref name="step"/> (1-based).</summary>
    public static void Adam(Tensor parameter, Tensor grad, Tensor expAvg, Tensor expAvgSq, double lr, double beta1, double beta2,
        double eps, double weightDecay, bool decoupled, long step)
    {
        RequireApplies(parameter);
        if (parameter.Device.IsCpu)
        {
            var g = Gradient(parameter, grad);
            double stepSize = lr / (1 - Math.Pow(beta1, step)), biasCorrection2Sqrt = Math.Sqrt(1 - Math.Pow(beta2, step));
            void Step<T>()
                where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
                => OptimizerKernels.Adam(Span<T>(parameter), Span<T>(g), Span<T>(expAvg), Span<T>(expAvgSq), lr, beta1, beta2, eps,
                    weightDecay, decoupled, stepSize, biasCorrection2Sqrt);
            Dispatch(Op, parameter, Step<float>, Step<double>);
            DisposeCopy(g, grad);
            return;
        }

        parameter.Kernels().AdamStep(parameter.Buffer(), Gradient(parameter, grad).Buffer(), expAvg.Buffer(), expAvgSq.Buffer(),
            parameter.Numel, (float)lr, (float)beta1, (float)beta2, (float)eps, (float)weightDecay, decoupled, step);
    }

    private const string Op = "optimizer step";

    // the gradient as the kernels read it: dense (the CPU), packed from its buffer's start (a device)
    private static Tensor Gradient(Tensor parameter, Tensor grad)
    {
        RequireSameDevice(Op, parameter, grad);
        RequireSameDType(Op, parameter, grad);
        return parameter.Device.IsCpu ? Dense(grad) : DeviceTensor.Packed(grad);
    }

    private static void RequireApplies(Tensor parameter)
    {
        if (!Applies(parameter))
        {
            throw new ArgumentException($"fused optimizer step: needs a dense float32/float64 parameter (float32 on a device), got {parameter.DType.Name()} on {parameter.Device}");
        }
    }
}
