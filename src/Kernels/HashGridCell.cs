using System.Numerics;
using System.Runtime.CompilerServices;

namespace IlgpuNet.Kernels;

/// <summary>
/// The cell of one hash-grid level around a point (<see cref="HashGridLevel.Cell{T, TConvert}"/>): its lower corner
/// (X, Y, Z) and the point's fractions (Fx, Fy, Fz) within it, with the trilinear weight of each of its 8 corners and
/// that weight's slope. Corner b has bit d set when it lies on the upper side on axis d: w_b = ∏_d (b_d ? f_d : 1 - f_d).
/// </summary>
public readonly struct HashGridCell<T>(uint x, uint y, uint z, T fx, T fy, T fz)
    where T : unmanaged, IFloatingPointIeee754<T>
{
    public uint X { get; } = x;

    public uint Y { get; } = y;

    public uint Z { get; } = z;

    public T Fx { get; } = fx;

    public T Fy { get; } = fy;

    public T Fz { get; } = fz;

    /// <summary>The trilinear weight w_b of corner <paramref name="corner"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public T Weight(int corner) => Side(corner, 0, Fx) * Side(corner, 1, Fy) * Side(corner, 2, Fz);

    /// <summary>∂w_b/∂f_axis of corner <paramref name="corner"/>: ±1 times the other two axes' factors.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public T Slope(int corner, int axis)
    {
        T sign = ((corner >> axis) & 1) == 1 ? T.One : -T.One;
        return sign * (axis == 0 ? T.One : Side(corner, 0, Fx)) * (axis == 1 ? T.One : Side(corner, 1, Fy)) * (axis == 2 ? T.One : Side(corner, 2, Fz));
    }

    // f_axis on the corner's upper side, 1 - f_axis on its lower side
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static T Side(int corner, int axis, T f) => ((corner >> axis) & 1) == 1 ? f : T.One - f;
}
