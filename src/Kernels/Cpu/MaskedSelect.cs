using System.Numerics;

namespace IlgpuNet.Kernels.Cpu;

/// <summary>Vector loops for the gradient ops TensorPrimitives has no single call for.</summary>
internal static class MaskedSelect
{
    // relu backward: dst = mask > 0 ? grad : 0  (mask is relu's output or input; NaN in mask gives 0, as PyTorch)
    public static void WherePositive<T>(ReadOnlySpan<T> grad, ReadOnlySpan<T> mask, Span<T> dst)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int i = 0;
        if (Vector.IsHardwareAccelerated && Vector<T>.IsSupported)
        {
            for (; i <= dst.Length - Vector<T>.Count; i += Vector<T>.Count)
            {
                var m = new Vector<T>(mask[i..]);
                Vector.ConditionalSelect(Vector.GreaterThan(m, Vector<T>.Zero), new Vector<T>(grad[i..]), Vector<T>.Zero).CopyTo(dst[i..]);
            }
        }

        for (; i < dst.Length; i++)
        {
            dst[i] = mask[i] > T.Zero ? grad[i] : T.Zero;
        }
    }
}
