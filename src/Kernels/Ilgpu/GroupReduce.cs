using ILGPU;
using ILGPU.Algorithms;
using ILGPU.Algorithms.ScanReduceOperations;

namespace IlgpuNet.Kernels.Ilgpu;

/// <summary>
/// Group-wide reductions (ILGPU.Algorithms' AllReduce: warp shuffles, then shared memory); every thread gets the result.
/// A one-thread group (ILGPU's CPU accelerator, where groups are simulated) returns its own value without reducing:
/// AllReduce there shuffles across a whole simulated warp, and the lanes the group lacks hold whatever another group
/// left in the warp's slots, so the result would depend on scheduling.
/// </summary>
public static class GroupReduce
{
    public static float Sum(float value) => Group.DimX == 1 ? value : GroupExtensions.AllReduce<float, AddFloat>(value);

    public static float Max(float value) => Group.DimX == 1 ? value : GroupExtensions.AllReduce<float, MaxFloat>(value);
}
