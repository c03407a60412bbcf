using System.Numerics;
using System.Runtime.CompilerServices;

namespace IlgpuNet.Kernels;

/// <summary>
/// One level of a <see cref="HashGridGeometry"/> as the device kernels read it: where a point falls, which table row
/// each vertex of its cell owns, and the trilinear weights (<see cref="HashGridCell{T}"/>). The CPU kernels unroll the
/// same formulas by hand for speed (the 8 corners' rows and weights from shared partial products); HashGridParityTests
/// hold the two equal. Plain fields, no allocation: ILGPU compiles it into the device kernels
/// unchanged. With R cells per axis: p = clamp(x, 0, 1) R, c = min(floor(p), R - 1), f = p - c; vertex v owns row
/// v.x + (R+1)(v.y + (R+1) v.z) on a dense level ((R+1)³ ≤ T), else (v.x ⊕ v.y · 2654435761 ⊕ v.z · 805459861) mod T.
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

    /// <summary>The cell around point (x, y, z), each coordinate clamped into [0, 1] first.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public HashGridCell<T> Cell<T, TConvert>(T x, T y, T z)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TConvert : struct, IRealConversion<T>
    {
        Locate<T, TConvert>(x, out uint cx, out T fx);
        Locate<T, TConvert>(y, out uint cy, out T fy);
        Locate<T, TConvert>(z, out uint cz, out T fz);
        return new HashGridCell<T>(cx, cy, cz, fx, fy, fz);
    }

    /// <summary>The table row of corner <paramref name="corner"/> of <paramref name="cell"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int Row<T>(int corner, HashGridCell<T> cell)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        uint x = cell.X + (uint)(corner & 1), y = cell.Y + (uint)((corner >> 1) & 1), z = cell.Z + (uint)(corner >> 2);
        if (IsDense)
        {
            return (int)(x + (side * (y + (side * z))));
        }

        uint hash = x ^ (y * PrimeY) ^ (z * PrimeZ);
        return (int)(powerOfTwo ? hash & (tableSize - 1) : hash % tableSize);
    }

    /// <summary>True when <paramref name="x"/> is not clamped: only then does the encoding move with it.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool Inside<T>(T x)
        where T : unmanaged, IFloatingPointIeee754<T>
        => x >= T.Zero && x <= T.One;

    // p = clamp(x, 0, 1) R; cell = min(floor(p), R - 1); frac = p - cell
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void Locate<T, TConvert>(T x, out uint cell, out T frac)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TConvert : struct, IRealConversion<T>
    {
        T p = Clamp01(x) * default(TConvert).FromInt32(Resolution);
        int c = Math.Min(default(TConvert).ToInt32(p), Resolution - 1);
        cell = (uint)c;
        frac = p - default(TConvert).FromInt32(c);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static T Clamp01<T>(T x)
        where T : unmanaged, IFloatingPointIeee754<T>
        => x < T.Zero ? T.Zero : x > T.One ? T.One : x;
}
