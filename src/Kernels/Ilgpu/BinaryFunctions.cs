using ILGPU.Algorithms;

namespace IlgpuNet.Kernels.Ilgpu;

/// <summary>The device twin of each <see cref="BinaryOp"/>, with Cpu.ScalarMath.Binary's definition.</summary>
public static class BinaryFunctions
{
    public readonly struct Add : IBinaryFunction { public float Apply(float a, float b, float p0, float p1) => a + b; }

    public readonly struct Sub : IBinaryFunction { public float Apply(float a, float b, float p0, float p1) => a - b; }

    public readonly struct Mul : IBinaryFunction { public float Apply(float a, float b, float p0, float p1) => a * b; }

    public readonly struct Div : IBinaryFunction { public float Apply(float a, float b, float p0, float p1) => a / b; }

    public readonly struct Pow : IBinaryFunction { public float Apply(float a, float b, float p0, float p1) => XMath.Pow(a, b); }

    /// <summary>NaN propagates, as torch.maximum.</summary>
    public readonly struct Maximum : IBinaryFunction
    {
        public float Apply(float a, float b, float p0, float p1) => DeviceMath.IsNaN(a) || DeviceMath.IsNaN(b) ? float.NaN : XMath.Max(a, b);
    }

    public readonly struct Minimum : IBinaryFunction
    {
        public float Apply(float a, float b, float p0, float p1) => DeviceMath.IsNaN(a) || DeviceMath.IsNaN(b) ? float.NaN : XMath.Min(a, b);
    }

    /// <summary>a + p0 b (torch.add with alpha).</summary>
    public readonly struct AddScaled : IBinaryFunction { public float Apply(float a, float b, float p0, float p1) => a + p0 * b; }

    /// <summary>(g, x): x &gt; 0 ? g : 0.</summary>
    public readonly struct ReluGrad : IBinaryFunction { public float Apply(float a, float b, float p0, float p1) => b > 0f ? a : 0f; }

    /// <summary>(g, y = sigmoid(x)): g y (1 - y).</summary>
    public readonly struct SigmoidGrad : IBinaryFunction { public float Apply(float a, float b, float p0, float p1) => a * b * (1f - b); }

    /// <summary>(g, y = tanh(x)): g (1 - y²).</summary>
    public readonly struct TanhGrad : IBinaryFunction { public float Apply(float a, float b, float p0, float p1) => a * (1f - b * b); }

    /// <summary>(g, x): g where p0 ≤ x ≤ p1.</summary>
    public readonly struct ClampGrad : IBinaryFunction
    {
        public float Apply(float a, float b, float p0, float p1) => b >= p0 && b <= p1 ? a : 0f;
    }

    /// <summary>(g, x): x &gt; 0 ? g : p0 g.</summary>
    public readonly struct LeakyReluGrad : IBinaryFunction { public float Apply(float a, float b, float p0, float p1) => b > 0f ? a : p0 * a; }

    /// <summary>(g, x): x &gt; 0 ? g : g p0 e^x.</summary>
    public readonly struct EluGrad : IBinaryFunction
    {
        public float Apply(float a, float b, float p0, float p1) => b > 0f ? a : a * p0 * XMath.Exp(b);
    }

    /// <summary>(g, x): g (Phi(x) + x phi(x)).</summary>
    public readonly struct GeluGrad : IBinaryFunction
    {
        public float Apply(float a, float b, float p0, float p1) => a * (DeviceMath.NormalCdf(b) + b * DeviceMath.NormalPdf(b));
    }

    /// <summary>(g, x): g sigmoid(p0 x), g above the threshold p1.</summary>
    public readonly struct SoftplusGrad : IBinaryFunction
    {
        public float Apply(float a, float b, float p0, float p1) => p0 * b > p1 ? a : a * DeviceMath.Sigmoid(p0 * b);
    }
}
