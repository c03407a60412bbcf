namespace IlgpuNet.Kernels;

/// <summary>Unary elementwise op codes, shared by the CPU kernels and the device kernels (Ilgpu/UnaryFunctions, BinaryFunctions, Comparisons).</summary>
public enum UnaryOp
{
    Identity,
    Neg,
    Exp,
    Log,
    Sqrt,
    Rsqrt,
    Abs,
    Sin,
    Cos,
    Sigmoid,
    Tanh,
    Relu,
    Sign,
    Square,
    Reciprocal,
    Floor,
    Ceil,
    Log1p,
    /// <summary>x^p0.</summary>
    PowScalar,
    /// <summary>min(max(x, p0), p1).</summary>
    Clamp,
    /// <summary>x &gt; 0 ? x : p0 * x.</summary>
    LeakyRelu,
    /// <summary>x &gt; 0 ? x : p0 * (exp(x) - 1).</summary>
    Elu,
    /// <summary>x * Phi(x), the exact (erf) form PyTorch uses by default.</summary>
    Gelu,
    /// <summary>log(1 + exp(p0 x)) / p0, linear above threshold p1 as PyTorch.</summary>
    Softplus,
    /// <summary>p0 * x + p1.</summary>
    Affine,
}

/// <summary>Binary elementwise op codes. The *Grad ops fuse a backward rule: (upstream gradient, saved value) → gradient.</summary>
public enum BinaryOp
{
    Add,
    Sub,
    Mul,
    Div,
    Pow,
    Maximum,
    Minimum,
    /// <summary>a + p0 * b (torch.add with alpha).</summary>
    AddScaled,
    /// <summary>(g, x) → x &gt; 0 ? g : 0.</summary>
    ReluGrad,
    /// <summary>(g, y) → g * y * (1 - y), y = sigmoid(x).</summary>
    SigmoidGrad,
    /// <summary>(g, y) → g * (1 - y²), y = tanh(x).</summary>
    TanhGrad,
    /// <summary>(g, x) → p0 ≤ x ≤ p1 ? g : 0.</summary>
    ClampGrad,
    /// <summary>(g, x) → x &gt; 0 ? g : p0 * g.</summary>
    LeakyReluGrad,
    /// <summary>(g, x) → x &gt; 0 ? g : g * p0 * exp(x).</summary>
    EluGrad,
    /// <summary>(g, x) → g * (Phi(x) + x phi(x)).</summary>
    GeluGrad,
    /// <summary>(g, x) → g * sigmoid(p0 x), identity above threshold p1.</summary>
    SoftplusGrad,
}

/// <summary>Comparisons; the result is a bool (byte 0/1) tensor.</summary>
public enum CompareOp
{
    Equal,
    NotEqual,
    Less,
    LessEqual,
    Greater,
    GreaterEqual,
}
