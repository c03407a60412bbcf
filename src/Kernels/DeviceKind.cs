namespace IlgpuNet.Kernels;

public enum DeviceKind
{
    Cpu,
    Cuda,
    OpenCl,
}
