namespace IlgpuNet.Kernels.Gpu;

/// <summary>A launch extent: blocks in a grid or threads in a block (CUDA's dim3; OpenCL groups and local size).</summary>
public readonly record struct Dim3(int X, int Y = 1, int Z = 1)
{
    public long Total => (long)X * Y * Z;
}
