using ILGPU;

namespace IlgpuNet.Kernels.Ilgpu;

/// <summary>
/// The grid-stride loop of a 1-D launch: thread t handles items t, t + step, t + 2 step, ... so the host may launch
/// fewer threads than items (one wave of the device). Read both once, before the loop: on ILGPU's CPU accelerator each
/// read of the grid dimensions goes through thread-local state and costs as much as the loop body.
///   for (long i = GridStride.First, step = GridStride.Step; i &lt; n; i += step) { ... }
/// </summary>
public static class GridStride
{
    public static long First => Grid.GlobalIndex.X;

    public static long Step => (long)Grid.DimX * Group.DimX;
}
