using System.Numerics;
using IlgpuNet.Kernels;
using IlgpuNet.Kernels.Cpu;
using IlgpuNet.Tensors;
using static IlgpuNet.Autograd.Functions.KernelBuffers;

namespace IlgpuNet.Autograd.Functions;

/// <summary>
/// Input encodings with trainable parameters: the multiresolution hash grid over the CPU kernels or the device's
/// HashGridKernels.
/// </summary>
public static class EncodingFunctions
{
    // positions (N, 3) in [0, 1]³, table (L, T, F) → features (N, L F): trilinear interpolation of each level's 8 vertex
    // rows (dense or hashed, see HashGridKernels). dtable scatters dfeatures back with the same weights; dpositions is
    // the interpolation's slope (computed only when the positions require grad).
    public static Tensor HashGridEncode(Tensor positions, Tensor table, HashGridGeometry grid)
    {
        const string op = "hash_grid_encode";
        RequireRank(op, positions, 2, "positions (points, 3)");
        if (positions.ShapeRef[1] != 3)
        {
            throw new ArgumentException($"{op}: positions must be (N, 3), got {ShapeRules.Format(positions.ShapeRef)}");
        }

        if (!table.ShapeRef.AsSpan().SequenceEqual([grid.Levels, grid.TableSize, grid.Features]))
        {
            throw new ArgumentException($"{op}: table must be (levels, table size, features) = ({grid.Levels}, {grid.TableSize}, {grid.Features}), got {ShapeRules.Format(table.ShapeRef)}");
        }

        RequireSameDType(op, positions, table);
        RequireSameDevice(op, positions, table);
        int points = positions.ShapeRef[0];
        Tensor xd = Dense(positions), td = Dense(table);
        var output = RawOps.Empty([points, grid.OutputFeatures], positions.DType, positions.Device);
        void Forward<T>()
            where T : unmanaged, IFloatingPointIeee754<T>
            => HashGridKernels.Forward(Span<T>(output), Span<T>(xd), Span<T>(td), points, grid);
        Dispatch(op, positions, Forward<float>, Forward<double>, () => DeviceEncoding.HashGridForward(xd, td, grid, output));

        return Graph.Record("HashGridEncodeBackward", output, [positions, table], gy =>
        {
            var dy = Dense(gy);
            Tensor? dPositions = positions.RequiresGrad ? RawOps.Empty(positions.ShapeRef, positions.DType, positions.Device) : null;
            Tensor? dTable = table.RequiresGrad ? RawOps.Empty(table.ShapeRef, table.DType, table.Device) : null;
            void Backward<T>()
                where T : unmanaged, IFloatingPointIeee754<T>
            {
                if (dTable != null)
                {
                    Span<T>(dTable).Clear();
                    HashGridKernels.BackwardTable(Span<T>(dTable), Span<T>(dy), Span<T>(xd), points, grid);
                }

                if (dPositions != null)
                {
                    HashGridKernels.BackwardPositions(Span<T>(dPositions), Span<T>(dy), Span<T>(xd), Span<T>(td), points, grid);
                }
            }

            void OnDevice()
            {
                if (dTable != null)
                {
                    DeviceEncoding.HashGridBackwardTable(dy, xd, grid, dTable);
                }

                if (dPositions != null)
                {
                    DeviceEncoding.HashGridBackwardPositions(dy, xd, td, grid, dPositions);
                }
            }

            Dispatch(op, positions, Backward<float>, Backward<double>, OnDevice);
            DisposeCopy(dy, gy);
            return [dPositions, dTable];
        });
    }
}
