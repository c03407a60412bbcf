namespace IlgpuNet.Kernels.Gpu;

/// <summary>
/// Op codes of elementwise.cu's binary kernels (the B_* defines; keep in sync). Comparisons give 1 or 0. The
/// *Backward ops take (upstream gradient, saved value) and P0/P1 are the scalar parameters.
/// </summary>
public enum BinaryOp
{
    Add = 0,
    Sub = 1,
    Mul = 2,
    Div = 3,
    Max = 4,
    Min = 5,
    Pow = 6,
    Eq = 7,
    Ne = 8,
    Lt = 9,
    Le = 10,
    Gt = 11,
    Ge = 12,
    ReluBackward = 13,     // (grad, x)
    SigmoidBackward = 14,  // (grad, sigmoid(x))
    TanhBackward = 15,     // (grad, tanh(x))
    GeluBackward = 16,     // (grad, x)
    SiluBackward = 17,     // (grad, x)
    AddScaled = 18,        // a + p0 * b
    ClampBackward = 19,    // (grad, x): grad where p0 <= x <= p1
    LeakyReluBackward = 20, // (grad, x), p0 = negative slope
    EluBackward = 21,      // (grad, x), p0 = alpha
    SoftplusBackward = 22, // (grad, x), p0 = beta, p1 = threshold
}
