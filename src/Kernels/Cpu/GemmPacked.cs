using System.Runtime.Intrinsics;

namespace IlgpuNet.Kernels.Cpu;

/// <summary>
/// Float GEMM on operands packed by the caller, for a kernel that multiplies one A by many B's and can write each B in
/// the micro-kernel's layout as it computes it (Winograd's transformed tiles): no packing inside the multiply. One
/// thread; the widest vector width the CPU runs natively, as <see cref="Gemm"/> picks it.
/// </summary>
public static unsafe partial class Gemm
{
    /// <summary>Columns per packed B panel (NR): 32 floats with 512-bit vectors, 16 with 256-bit.</summary>
    public static int PackedPanelWidth => Vector512.IsHardwareAccelerated
        ? GemmBlocked<float, Vector512<float>, Simd512<float>>.NR
        : GemmBlocked<float, Vector256<float>, Simd256<float>>.NR;

    /// <summary>Floats that <see cref="PackA"/> writes for an m x k matrix.</summary>
    public static long PackedALength(int m, int k) => Vector512.IsHardwareAccelerated
        ? GemmBlocked<float, Vector512<float>, Simd512<float>>.PackedALength(m, k)
        : GemmBlocked<float, Vector256<float>, Simd256<float>>.PackedALength(m, k);

    /// <summary>Packs A (m x k, row-major, row stride lda) whole into dst for <see cref="MultiplyPacked"/>.</summary>
    public static void PackA(float* a, int lda, int m, int k, float* dst)
    {
        if (Vector512.IsHardwareAccelerated)
        {
            GemmBlocked<float, Vector512<float>, Simd512<float>>.PackWholeA(a, lda, m, k, dst);
        }
        else
        {
            GemmBlocked<float, Vector256<float>, Simd256<float>>.PackWholeA(a, lda, m, k, dst);
        }
    }

    /// <summary>
    /// C (m x panels·NR, row stride ldc) = A @ B, overwritten; A from <see cref="PackA"/>, B as panels of
    /// <see cref="PackedPanelWidth"/> columns, each k rows of NR floats, one after another.
    /// </summary>
    public static void MultiplyPacked(int m, int panels, int k, float* packedA, float* bPanels, float* c, int ldc)
    {
        if (Vector512.IsHardwareAccelerated)
        {
            GemmBlocked<float, Vector512<float>, Simd512<float>>.MultiplyPacked(m, panels, k, packedA, bPanels, c, ldc);
        }
        else
        {
            GemmBlocked<float, Vector256<float>, Simd256<float>>.MultiplyPacked(m, panels, k, packedA, bPanels, c, ldc);
        }
    }
}
