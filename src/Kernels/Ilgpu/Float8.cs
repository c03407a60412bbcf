namespace IlgpuNet.Kernels.Ilgpu;

/// <summary>
/// Eight floats a GEMM thread keeps in registers: one row (or column) of its 8×8 block. A struct of fields rather than
/// an array, so ILGPU lowers it to scalars instead of local memory.
/// </summary>
public struct Float8
{
    public float V0, V1, V2, V3, V4, V5, V6, V7;

    public readonly float this[int i] => i switch
    {
        0 => V0,
        1 => V1,
        2 => V2,
        3 => V3,
        4 => V4,
        5 => V5,
        6 => V6,
        _ => V7,
    };

    /// <summary>this += s * b, element by element.</summary>
    public void AddScaled(float s, Float8 b)
    {
        V0 += s * b.V0;
        V1 += s * b.V1;
        V2 += s * b.V2;
        V3 += s * b.V3;
        V4 += s * b.V4;
        V5 += s * b.V5;
        V6 += s * b.V6;
        V7 += s * b.V7;
    }
}
