namespace IlgpuNet.Kernels.Ilgpu;

/// <summary>A GEMM thread's 8×8 block of C accumulators (64 registers): rows R0..R7.</summary>
public struct Float8x8
{
    public Float8 R0, R1, R2, R3, R4, R5, R6, R7;

    public readonly Float8 Row(int i) => i switch
    {
        0 => R0,
        1 => R1,
        2 => R2,
        3 => R3,
        4 => R4,
        5 => R5,
        6 => R6,
        _ => R7,
    };

    /// <summary>this += a ⊗ b: 64 multiply-adds from 8 + 8 loaded values.</summary>
    public void AddOuterProduct(Float8 a, Float8 b)
    {
        R0.AddScaled(a.V0, b);
        R1.AddScaled(a.V1, b);
        R2.AddScaled(a.V2, b);
        R3.AddScaled(a.V3, b);
        R4.AddScaled(a.V4, b);
        R5.AddScaled(a.V5, b);
        R6.AddScaled(a.V6, b);
        R7.AddScaled(a.V7, b);
    }
}
