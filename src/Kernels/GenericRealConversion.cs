using System.Numerics;
using System.Runtime.CompilerServices;

namespace IlgpuNet.Kernels;

/// <summary>The CPU's conversions, through generic math.</summary>
public readonly struct GenericRealConversion<T> : IRealConversion<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public T FromInt32(int value) => T.CreateTruncating(value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int ToInt32(T value) => int.CreateTruncating(value);
}
