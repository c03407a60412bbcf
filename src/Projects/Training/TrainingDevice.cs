using IlgpuNet.Kernels;
using IlgpuNet.Tensors;

namespace IlgpuNet.Training;

/// <summary>Checks, before any data is read, that tensors can live on the requested --device.</summary>
public static class TrainingDevice
{
    public static void Require(Device device)
    {
        try
        {
            Tensor.Zeros(1).To(device);
        }
        catch (NotSupportedException error)
        {
            throw new ArgumentException($"--device {device}: this build cannot train there ({error.Message}); use --device cpu", error);
        }
    }
}
