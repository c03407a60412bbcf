using ILGPU.Algorithms;

namespace IlgpuNet.Kernels.Ilgpu;

/// <summary>The device twin of each <see cref="UnaryOp"/>, with Cpu.ScalarMath.Unary's definition.</summary>
public static class UnaryFunctions
{
    public readonly struct Identity : IUnaryFunction { public float Apply(float x, float p0, float p1) => x; }

    public readonly struct Neg : IUnaryFunction { public float Apply(float x, float p0, float p1) => -x; }

    public readonly struct Exp : IUnaryFunction { public float Apply(float x, float p0, float p1) => XMath.Exp(x); }

    public readonly struct Log : IUnaryFunction { public float Apply(float x, float p0, float p1) => XMath.Log(x); }

    public readonly struct Sqrt : IUnaryFunction { public float Apply(float x, float p0, float p1) => XMath.Sqrt(x); }

    public readonly struct Rsqrt : IUnaryFunction { public float Apply(float x, float p0, float p1) => 1f / XMath.Sqrt(x); }

    public readonly struct Abs : IUnaryFunction { public float Apply(float x, float p0, float p1) => XMath.Abs(x); }

    public readonly struct Sin : IUnaryFunction { public float Apply(float x, float p0, float p1) => XMath.Sin(x); }

    public readonly struct Cos : IUnaryFunction { public float Apply(float x, float p0, float p1) => XMath.Cos(x); }

    public readonly struct Sigmoid : IUnaryFunction { public float Apply(float x, float p0, float p1) => DeviceMath.Sigmoid(x); }

    public readonly struct Tanh : IUnaryFunction { public float Apply(float x, float p0, float p1) => DeviceMath.Tanh(x); }

    public readonly struct Relu : IUnaryFunction { public float Apply(float x, float p0, float p1) => x > 0f ? x : 0f; }

    /// <summary>NaN stays NaN, as torch.sign.</summary>
    public readonly struct Sign : IUnaryFunction
    {
        public float Apply(float x, float p0, float p1) => DeviceMath.IsNaN(x) ? x : x > 0f ? 1f : x < 0f ? -1f : 0f;
    }

    public readonly struct Square : IUnaryFunction { public float Apply(float x, float p0, float p1) => x * x; }

    public readonly struct Reciprocal : IUnaryFunction { public float Apply(float x, float p0, float p1) => 1f / x; }

    public readonly struct Floor : IUnaryFunction { public float Apply(float x, float p0, float p1) => XMath.Floor(x); }

    public readonly struct Ceil : IUnaryFunction { public float Apply(float x, float p0, float p1) => XMath.Ceiling(x); }

    public readonly struct Log1p : IUnaryFunction { public float Apply(float x, float p0, float p1) => DeviceMath.Log1p(x); }

    /// <summary>x^p0.</summary>
    public readonly struct PowScalar : IUnaryFunction { public float Apply(float x, float p0, float p1) => XMath.Pow(x, p0); }

    /// <summary>min(max(x, p0), p1); NaN stays NaN, as torch.clamp.</summary>
    public readonly struct Clamp : IUnaryFunction
    {
        public float Apply(float x, float p0, float p1) => DeviceMath.IsNaN(x) ? x : XMath.Min(XMath.Max(x, p0), p1);
    }

    /// <summary>x &gt; 0 ? x : p0 x.</summary>
    public readonly struct LeakyRelu : IUnaryFunction { public float Apply(float x, float p0, float p1) => x > 0f ? x : p0 * x; }

    /// <summary>x &gt; 0 ? x : p0 (e^x - 1).</summary>
    public readonly struct Elu : IUnaryFunction { public float Apply(float x, float p0, float p1) => x > 0f ? x : p0 * (XMath.Exp(x) - 1f); }

    /// <summary>x Phi(x), the exact (erf) form.</summary>
    public readonly struct Gelu : IUnaryFunction { public float Apply(float x, float p0, float p1) => x * DeviceMath.NormalCdf(x); }

    /// <summary>log(1 + e^(p0 x)) / p0, linear above the threshold p1.</summary>
    public readonly struct Softplus : IUnaryFunction
    {
        public float Apply(float x, float p0, float p1) => p0 * x > p1 ? x : DeviceMath.Log1p(XMath.Exp(p0 * x)) / p0;
    }

    /// <summary>p0 x + p1.</summary>
    public readonly struct Affine : IUnaryFunction { public float Apply(float x, float p0, float p1) => p0 * x + p1; }
}
