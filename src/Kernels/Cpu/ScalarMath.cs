using System.Numerics;
using System.Runtime.CompilerServices;

namespace IlgpuNet.Kernels.Cpu;

/// <summary>The scalar definition of every elementwise op code: the single source of truth the vector paths must equal.</summary>
public static class ScalarMath
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T Unary<T>(UnaryOp op, T x, T p0, T p1)
        where T : IFloatingPointIeee754<T>
    {
        switch (op)
        {
            case UnaryOp.Identity: return x;
            case UnaryOp.Neg: return -x;
            case UnaryOp.Exp: return T.Exp(x);
            case UnaryOp.Log: return T.Log(x);
            case UnaryOp.Sqrt: return T.Sqrt(x);
            case UnaryOp.Rsqrt: return T.One / T.Sqrt(x);
            case UnaryOp.Abs: return T.Abs(x);
            case UnaryOp.Sin: return T.Sin(x);
            case UnaryOp.Cos: return T.Cos(x);
            case UnaryOp.Sigmoid: return Sigmoid(x);
            case UnaryOp.Tanh: return T.Tanh(x);
            case UnaryOp.Relu: return x > T.Zero ? x : T.Zero;
            case UnaryOp.Sign: return T.IsNaN(x) ? x : T.CreateTruncating(T.Sign(x));
            case UnaryOp.Square: return x * x;
            case UnaryOp.Reciprocal: return T.One / x;
            case UnaryOp.Floor: return T.Floor(x);
            case UnaryOp.Ceil: return T.Ceiling(x);
            case UnaryOp.Log1p: return T.LogP1(x);
            case UnaryOp.PowScalar: return T.Pow(x, p0);
            case UnaryOp.Clamp: return T.IsNaN(x) ? x : T.Min(T.Max(x, p0), p1);
            case UnaryOp.LeakyRelu: return x > T.Zero ? x : p0 * x;
            case UnaryOp.Elu: return x > T.Zero ? x : p0 * (T.Exp(x) - T.One);
            case UnaryOp.Gelu: return x * NormalCdf(x);
            case UnaryOp.Softplus: return p0 * x > p1 ? x : T.LogP1(T.Exp(p0 * x)) / p0;
            case UnaryOp.Affine: return p0 * x + p1;
            default: throw new ArgumentOutOfRangeException(nameof(op), op, "unknown unary op");
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T Binary<T>(BinaryOp op, T a, T b, T p0, T p1)
        where T : IFloatingPointIeee754<T>
    {
        switch (op)
        {
            case BinaryOp.Add: return a + b;
            case BinaryOp.Sub: return a - b;
            case BinaryOp.Mul: return a * b;
            case BinaryOp.Div: return a / b;
            case BinaryOp.Pow: return T.Pow(a, b);
            case BinaryOp.Maximum: return T.IsNaN(a) || T.IsNaN(b) ? T.NaN : T.Max(a, b);
            case BinaryOp.Minimum: return T.IsNaN(a) || T.IsNaN(b) ? T.NaN : T.Min(a, b);
            case BinaryOp.AddScaled: return a + p0 * b;
            case BinaryOp.ReluGrad: return b > T.Zero ? a : T.Zero;
            case BinaryOp.SigmoidGrad: return a * b * (T.One - b);
            case BinaryOp.TanhGrad: return a * (T.One - b * b);
            case BinaryOp.ClampGrad: return b >= p0 && b <= p1 ? a : T.Zero;
            case BinaryOp.LeakyReluGrad: return b > T.Zero ? a : p0 * a;
            case BinaryOp.EluGrad: return b > T.Zero ? a : a * p0 * T.Exp(b);
            case BinaryOp.GeluGrad: return a * (NormalCdf(b) + b * NormalPdf(b));
            case BinaryOp.SoftplusGrad: return p0 * b > p1 ? a : a * Sigmoid(p0 * b);
            default: throw new ArgumentOutOfRangeException(nameof(op), op, "unknown binary op");
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool Compare<T>(CompareOp op, T a, T b)
        where T : IFloatingPointIeee754<T> => op switch
        {
            CompareOp.Equal => a == b,
            CompareOp.NotEqual => a != b,
            CompareOp.Less => a < b,
            CompareOp.LessEqual => a <= b,
            CompareOp.Greater => a > b,
            _ => a >= b,
        };

    /// <summary>1 / (1 + e^-x), written to stay finite for large |x|.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T Sigmoid<T>(T x)
        where T : IFloatingPointIeee754<T>
    {
        if (x >= T.Zero)
        {
            return T.One / (T.One + T.Exp(-x));
        }

        T e = T.Exp(x);
        return e / (T.One + e);
    }

    private static T NormalCdf<T>(T x)
        where T : IFloatingPointIeee754<T>
        => T.CreateTruncating(0.5 * (1.0 + Erf(double.CreateTruncating(x) / Math.Sqrt(2.0))));

    private static T NormalPdf<T>(T x)
        where T : IFloatingPointIeee754<T>
    {
        double v = double.CreateTruncating(x);
        return T.CreateTruncating(Math.Exp(-0.5 * v * v) / Math.Sqrt(2.0 * Math.PI));
    }

    /// <summary>erf to double precision (W. J. Cody's rational approximations as in most libms, via erfc for |x| ≥ 0.5).</summary>
    public static double Erf(double x)
    {
        double ax = Math.Abs(x);
        if (ax < 0.5)
        {
            // Maclaurin series: converges fast for small |x|
            double term = x, sum = x, x2 = x * x;
            for (int n = 1; n < 30; n++)
            {
                term *= -x2 / n;
                double add = term / (2 * n + 1);
                sum += add;
                if (Math.Abs(add) < 1e-17 * Math.Abs(sum))
                {
                    break;
                }
            }

            return 2.0 / Math.Sqrt(Math.PI) * sum;
        }

        double erfc = Erfc(ax);
        return x > 0 ? 1.0 - erfc : erfc - 1.0;
    }

    /// <summary>erfc(x) for x ≥ 0.5 by the continued fraction (Lentz), accurate to ~1e-15.</summary>
    private static double Erfc(double x)
    {
        if (x > 27)
        {
            return 0;
        }

        // erfc(x) = exp(-x²)/sqrt(pi) * 1/(x + 1/2/(x + 1/(x + 3/2/(x + ...))))
        const double tiny = 1e-300;
        double f = x, c = x, d = 0;
        for (int n = 1; n < 500; n++)
        {
            double an = n * 0.5;
            d = x + an * d;
            d = Math.Abs(d) < tiny ? tiny : d;
            c = x + an / c;
            c = Math.Abs(c) < tiny ? tiny : c;
            d = 1 / d;
            double delta = c * d;
            f *= delta;
            if (Math.Abs(delta - 1) < 1e-16)
            {
                break;
            }
        }

        return Math.Exp(-x * x) / Math.Sqrt(Math.PI) / f;
    }
}
