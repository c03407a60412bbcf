namespace IlgpuNet.Kernels;

public enum DeviceKind
{
    Cpu,
    Cuda,
    OpenCl,

    /// <summary>ILGPU's CPU accelerator: the device kernels run on the CPU with simulated groups (tests, debugging).</summary>
    IlgpuCpu,
}
