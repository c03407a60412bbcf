using System.Numerics;
using System.Runtime.CompilerServices;

namespace IlgpuNet.Kernels;

/// <summary>
/// One level of a <see cref="HashGridGeometry"/> as the CPU kernels and the device kernels both read it, so the two
/// cannot disagree on the layout: where a point falls, which table row each vertex of its cell owns, and the trilinear
/// weights and their slopes. Plain fields, no allocation: ILGPU compiles it into the device kernels unchanged.
/// With R cells per axis: p = clamp(x, 0, 1) R, c = min(floor(p), R - 1), f = p - c; vertex v owns row
/// v.x + (R+1)(v.y + (R+1) v.z) on a dense level ((R+1)³ ≤ T), else (v.x ⊕ v.y · 2654435761 ⊕ v.z · 805459861) mod T.
/// Corner b of the cell (bit d set: the upper side on axis d) weighs w_b = ∏_d (b_d ? f_d : 1 - f_d).
/// </summary>
public readonly struct HashGridLevel
{
    private const uint PrimeY = 2654435761u;
    private const uint PrimeZ = 805459861u;
    private readonly uint side;
    private readonly uint tableSize;
    private readonly bool powerOfTwo;

    public HashGridLevel(int level, int resolution, int tableSize, int features)
    {
        Resolution = resolution;
        side = (uint)resolution + 1;
        this.tableSize = (uint)tableSize;
        powerOfTwo = (tableSize & (tableSize - 1)) == 0;
        IsDense = (long)side * side * side <= tableSize;
        TableOffset = (long)level * tableSize * features;
        OutputOffset = level * features;
    }

    /// <summary>Cells per axis.</summary>
    public int Resolution { get; }

    /// <summary>True when every vertex has its own row (no hashing).</summary>
    public bool IsDense { get; }

    /// <summary>Index of the level's first table value ([L, T, F] row-major).</summary>
    public long TableOffset { get; }

    /// <summary>Column of the level's first feature in an output row.</summary>
    public int OutputOffset { get; }

    /// <summary>The cell and the fraction within it of coordinate <paramref name="x"/> (clamped into [0, 1]).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Locate<T, TConvert>(T x, out uint cell, out T frac)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TConvert : struct, IRealConversion<T>
    {
        T p = Clamp01(x) * default(TConvert).FromInt32(Resolution);
        int c = Math.Min(default(TConvert).ToInt32(p), Resolution - 1);
        cell = (uint)c;
        frac = p - default(TConvert).FromInt32(c);
    }

    /// <summary>The table row of corner <paramref name="corner"/> of the cell whose lower corner is (cx, cy, cz).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int Row(int corner, uint cx, uint cy, uint cz)
    {
        uint x = cx + (uint)(corner & 1), y = cy + (uint)((corner >> 1) & 1), z = cz + (uint)(corner >> 2);
        if (IsDense)
        {
            return (int)(x + (side * (y + (side * z))));
        }

        uint hash = x ^ (y * PrimeY) ^ (z * PrimeZ);
        return (int)(powerOfTwo ? hash & (tableSize - 1) : hash % tableSize);
    }

    /// <summary>The trilinear weight w_b of corner <paramref name="corner"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T Weight<T>(int corner, T fx, T fy, T fz)
        where T : unmanaged, IFloatingPointIeee754<T>
        => Side(corner, 0, fx) * Side(corner, 1, fy) * Side(corner, 2, fz);

    /// <summary>∂w_b/∂f_axis of corner <paramref name="corner"/>: ±1 times the other two axes' factors.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T Slope<T>(int corner, int axis, T fx, T fy, T fz)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        T sign = ((corner >> axis) & 1) == 1 ? T.One : -T.One;
        return sign * (axis == 0 ? T.One : Side(corner, 0, fx)) * (axis == 1 ? T.One : Side(corner, 1, fy)) * (axis == 2 ? T.One : Side(corner, 2, fz));
    }

    /// <summary>True when <paramref name="x"/> is not clamped: only then does the encoding move with it.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool Inside<T>(T x)
        where T : unmanaged, IFloatingPointIeee754<T>
        => x >= T.Zero && x <= T.One;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static T Clamp01<T>(T x)
        where T : unmanaged, IFloatingPointIeee754<T>
        => x < T.Zero ? T.Zero : x > T.One ? T.One : x;

    // f_axis on the corner's upper side, 1 - f_axis on its lower side
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static T Side<T>(int corner, int axis, T f)
        where T : unmanaged, IFloatingPointIeee754<T>
        => ((corner >> axis) & 1) == 1 ? f : T.One - f;
}
