using IlgpuNet.Kernels;

namespace IlgpuNet.Tensors;

/// <summary>
/// Fused optimizer updates for parameters on a device (Ilgpu/OptimizerKernels): one kernel per parameter reads the gradient
/// and the state and writes the parameter and state in place, PyTorch's update rules (SGD, Adam, AdamW). A rule
/// applies when <see cref="Applies"/> says so; otherwise the optimizer composes the update from tensor ops.
/// </summary>
public static class DeviceOptimizerSteps
{
    /// <summary>True when the fused kernels can update this parameter: float32, on a device, dense from its storage's start.</summary>
    public static bool Applies(Tensor parameter)
        => !parameter.Device.IsCpu && parameter.DType == DType.Float32 && parameter.IsContiguous && parameter.Offset == 0;

    /// <summary>
    /// torch.optim.SGD for one parameter. With momentum, <paramref name="momentumBuffer"/> (shaped like the parameter)
    /// is set to the direction on the first step and updated after.
    /// </summary>
    public static void Sgd(Tensor parameter, Tensor grad, Tensor? momentumBuffer, double lr, double momentum, double dampening,
        double weightDecay, bool nesterov, bool firstStep)
    {
        RequireApplies(parameter);
        parameter.Kernels().SgdStep(parameter.Buffer(), Gradient(parameter, grad).Buffer(), DeviceTensor.BufferOrNull(momentumBuffer),
            parameter.Numel, (float)lr, (float)momentum, (float)dampening, (float)weightDecay, nesterov, firstStep);
    }

    /// <summary>torch.optim.Adam (decoupled false) or AdamW (decoupled true) step number <paramref name="step"/> (1-based).</summary>
    public static void Adam(Tensor parameter, Tensor grad, Tensor expAvg, Tensor expAvgSq, double lr, double beta1, double beta2,
        double eps, double weightDecay, bool decoupled, long step)
    {
        RequireApplies(parameter);
        parameter.Kernels().AdamStep(parameter.Buffer(), Gradient(parameter, grad).Buffer(), expAvg.Buffer(), expAvgSq.Buffer(),
            parameter.Numel, (float)lr, (float)beta1, (float)beta2, (float)eps, (float)weightDecay, decoupled, step);
    }

    private static Tensor Gradient(Tensor parameter, Tensor grad)
    {
        RawOps.RequireSameDevice("optimizer step", parameter, grad);
        return DeviceTensor.Packed(grad);
    }

    private static void RequireApplies(Tensor parameter)
    {
        if (!Applies(parameter))
        {
            throw new ArgumentException($"fused optimizer step: needs a dense float32 parameter on a device, got {parameter.DType.Name()} on {parameter.Device}");
        }
    }
}
