using IlgpuNet.Kernels;

namespace IlgpuNet.Tensors;

/// <summary>The multiresolution hash encoding on a device (Ilgpu/HashGridKernels); all tensors packed float32.</summary>
internal static class DeviceEncoding
{
    public static void HashGridForward(Tensor positions, Tensor table, HashGridGeometry grid, Tensor output)
        => positions.Kernels().HashGridForward(output.Buffer(), positions.Buffer(), table.Buffer(), positions.ShapeRef[0], grid);

    public static void HashGridBackwardTable(Tensor gradOutput, Tensor positions, HashGridGeometry grid, Tensor gradTable)
        => positions.Kernels().HashGridBackwardTable(gradTable.Buffer(), gradOutput.Buffer(), positions.Buffer(), positions.ShapeRef[0], grid);

    public static void HashGridBackwardPositions(Tensor gradOutput, Tensor positions, Tensor table, HashGridGeometry grid, Tensor gradPositions)
        => positions.Kernels().HashGridBackwardPositions(gradPositions.Buffer(), gradOutput.Buffer(), positions.Buffer(), table.Buffer(),
            positions.ShapeRef[0], grid);
}
