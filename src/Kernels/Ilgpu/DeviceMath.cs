using ILGPU.Algorithms;

namespace IlgpuNet.Kernels.Ilgpu;

/// <summary>
/// Float math the device kernels share, written to match Cpu.ScalarMath within a few ulp on every backend. XMath
/// maps to the CPU's MathF on ILGPU's CPU accelerator and to device instructions on CUDA and OpenCL; where the device
/// instruction is an approximation too coarse for the parity tolerances (tanh.approx on PTX) the function is built
/// from exp instead.
/// </summary>
public static class DeviceMath
{
    public static bool IsNaN(float x) => XMath.IsNaN(x);

    /// <summary>1 / (1 + e^-x), finite for large |x| (ScalarMath.Sigmoid).</summary>
    public static float Sigmoid(float x)
    {
        if (x >= 0f)
        {
            return 1f / (1f + XMath.Exp(-x));
        }

        float e = XMath.Exp(x);
        return e / (1f + e);
    }

    /// <summary>tanh from exp: odd, the series below 1/16 (no cancellation), 1 - 2 / (e^2|x| + 1) above.</summary>
    public static float Tanh(float x)
    {
        float a = XMath.Abs(x);
        float r;
        if (a < 0.0625f)
        {
            float a2 = a * a;
            r = a * (1f + a2 * (-1f / 3f + a2 * (2f / 15f + a2 * (-17f / 315f))));
        }
        else
        {
            r = 1f - 2f / (XMath.Exp(2f * a) + 1f);
        }

        return x < 0f ? -r : r;
    }

    /// <summary>log(1 + x) without losing the digits of small x (Goldberg's correction).</summary>
    public static float Log1p(float x)
    {
        float u = 1f + x;
        return u == 1f ? x : XMath.Log(u) * (x / (u - 1f));
    }

    /// <summary>erf to about 1.5e-7 (Abramowitz and Stegun 7.1.26).</summary>
    public static float Erf(float x)
    {
        float a = XMath.Abs(x);
        float t = 1f / (1f + 0.3275911f * a);
        float poly = t * (0.254829592f + t * (-0.284496736f + t * (1.421413741f + t * (-1.453152027f + t * 1.061405429f))));
        float r = 1f - poly * XMath.Exp(-a * a);
        return x < 0f ? -r : r;
    }

    /// <summary>The standard normal CDF Phi(x) (GELU's gate).</summary>
    public static float NormalCdf(float x) => 0.5f * (1f + Erf(x * 0.70710678118654752f));

    /// <summary>The standard normal density phi(x).</summary>
    public static float NormalPdf(float x) => 0.39894228040143268f * XMath.Exp(-0.5f * x * x);
}
