using ILGPU.Algorithms;
using ILGPU.Algorithms.ScanReduceOperations;

namespace IlgpuNet.Kernels.Ilgpu;

/// <summary>Group-wide reductions (ILGPU.Algorithms' AllReduce: warp shuffles, then shared memory); every thread gets the result.</summary>
public static class GroupReduce
{
    public static float Sum(float value) => GroupExtensions.AllReduce<float, AddFloat>(value);

    public static float Max(float value) => GroupExtensions.AllReduce<float, MaxFloat>(value);
}
