using IlgpuNet.Kernels;
using IlgpuNet.Tensors;

namespace IlgpuNet.Cli.Experiments;

/// <summary>Fails early, with the reason, when tensors cannot be placed on the device a run asks for.</summary>
public static class DeviceCheck
{
    public static void RequireUsable(Device device)
    {
        if (device.IsCpu)
        {
            return;
        }

        try
        {
            Tensor.Zeros(1).To(device);
        }
        catch (NotSupportedException error)
        {
            throw new NotSupportedException($"--device {device}: {error.Message}", error);
        }
    }
}
