namespace IlgpuNet.Kernels.Gpu;

/// <summary>Op codes of elementwise.cu's unary_strided (the U_* defines; keep in sync). P0/P1 are the scalar parameters.</summary>
public enum UnaryOp
{
    Identity = 0,
    Neg = 1,
    Abs = 2,
    Exp = 3,
    Log = 4,
    Sqrt = 5,
    Rsqrt = 6,
    Sigmoid = 7,
    Tanh = 8,
    Relu = 9,
    Gelu = 10,
    Sin = 11,
    Cos = 12,
    Square = 13,
    Reciprocal = 14,
    Sign = 15,
    Floor = 16,
    Ceil = 17,
    Round = 18,
    LeakyRelu = 19,  // p0 = negative slope
    Clamp = 20,      // p0 = min, p1 = max
    PowScalar = 21,  // p0 = exponent
    Elu = 22,        // p0 = alpha
    Softplus = 23,   // p0 = beta, p1 = threshold (linear above it)
    Log1p = 24,
    Silu = 25,
    Affine = 26,     // p0 * x + p1
}
