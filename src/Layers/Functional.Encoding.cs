using IlgpuNet.Autograd.Functions;
using IlgpuNet.Kernels;
using IlgpuNet.Tensors;

namespace IlgpuNet.Layers;

/// <summary>Input encodings.</summary>
public static partial class Functional
{
    /// <summary>
    /// Multiresolution hash encoding (Müller et al. 2022): positions (N, 3) in [0, 1]³ (clamped there), table (L, T, F)
    /// → (N, L F) features, each level's trilinear interpolation of its grid vertices' table rows. Differentiable in the
    /// table and in the positions.
    /// </summary>
    public static Tensor HashGridEncode(Tensor positions, Tensor table, HashGridGeometry grid)
        => EncodingFunctions.HashGridEncode(positions, table, grid);
}
