using IlgpuNet.Autograd;
using IlgpuNet.Autograd.Functions;
using IlgpuNet.Kernels;

namespace IlgpuNet.Tensors;

/// <summary>Elementwise math with broadcasting, C# operators, comparisons and the in-place ops optimizers use.</summary>
public sealed partial class Tensor
{
    public Tensor Add(Tensor other) => ElementwiseFunctions.Add(this, other);

    /// <summary>this + alpha * other (torch.add with alpha).</summary>
    public Tensor Add(Tensor other, double alpha) => ElementwiseFunctions.AddScaled(this, other, alpha);

    public Tensor Add(double value) => Add(ScalarLike(value));

    public Tensor Sub(Tensor other) => ElementwiseFunctions.Sub(this, other);

    public Tensor Sub(double value) => Sub(ScalarLike(value));

    public Tensor Mul(Tensor other) => ElementwiseFunctions.Mul(this, other);

    public Tensor Mul(double value) => Mul(ScalarLike(value));

    public Tensor Div(Tensor other) => ElementwiseFunctions.Div(this, other);

    public Tensor Div(double value) => Div(ScalarLike(value));

    public Tensor Pow(Tensor exponent) => ElementwiseFunctions.Pow(this, exponent);

    public Tensor Pow(double exponent) => ElementwiseFunctions.PowScalar(this, exponent);

    public Tensor Neg() => ElementwiseFunctions.Neg(this);

    public Tensor Exp() => ElementwiseFunctions.Exp(this);

    public Tensor Log() => ElementwiseFunctions.Log(this);

    public Tensor Sqrt() => ElementwiseFunctions.Sqrt(this);

    public Tensor Rsqrt() => ElementwiseFunctions.Rsqrt(this);

    public Tensor Abs() => ElementwiseFunctions.Abs(this);

    public Tensor Sin() => ElementwiseFunctions.Sin(this);

    public Tensor Cos() => ElementwiseFunctions.Cos(this);

    public Tensor Sigmoid() => ElementwiseFunctions.Sigmoid(this);

    public Tensor Tanh() => ElementwiseFunctions.Tanh(this);

    public Tensor Relu() => ElementwiseFunctions.Relu(this);

    public Tensor Square() => Mul(this);

    public Tensor Maximum(Tensor other) => ElementwiseFunctions.Maximum(this, other);

    public Tensor Minimum(Tensor other) => ElementwiseFunctions.Minimum(this, other);

    public Tensor Clamp(double min = double.NegativeInfinity, double max = double.PositiveInfinity) => ElementwiseFunctions.Clamp(this, min, max);

    /// <summary>condition ? a : b, broadcasting all three.</summary>
    public static Tensor Where(Tensor condition, Tensor a, Tensor b) => ElementwiseFunctions.Where(condition, a, b);

    /// <summary>sign(x) as a tensor (no gradient).</summary>
    public Tensor Sign() => RawOps.Unary(this, UnaryOp.Sign);

    public Tensor Floor() => RawOps.Unary(this, UnaryOp.Floor);

    // ---------------------------------------------------------------- comparisons → bool tensors

    public Tensor Eq(Tensor other) => RawOps.Compare(this, other, CompareOp.Equal);

    public Tensor Eq(double value) => Eq(ScalarLike(value));

    public Tensor Ne(Tensor other) => RawOps.Compare(this, other, CompareOp.NotEqual);

    public Tensor Lt(Tensor other) => RawOps.Compare(this, other, CompareOp.Less);

    public Tensor Lt(double value) => Lt(ScalarLike(value));

    public Tensor Le(Tensor other) => RawOps.Compare(this, other, CompareOp.LessEqual);

    public Tensor Gt(Tensor other) => RawOps.Compare(this, other, CompareOp.Greater);

    public Tensor Gt(double value) => Gt(ScalarLike(value));

    public Tensor Ge(Tensor other) => RawOps.Compare(this, other, CompareOp.GreaterEqual);

    // ---------------------------------------------------------------- operators

    public static Tensor operator +(Tensor a, Tensor b) => a.Add(b);

    public static Tensor operator +(Tensor a, double b) => a.Add(b);

    public static Tensor operator +(double a, Tensor b) => b.Add(a);

    public static Tensor operator -(Tensor a, Tensor b) => a.Sub(b);

    public static Tensor operator -(Tensor a, double b) => a.Sub(b);

    public static Tensor operator -(double a, Tensor b) => b.Neg().Add(a);

    public static Tensor operator -(Tensor a) => a.Neg();

    public static Tensor operator *(Tensor a, Tensor b) => a.Mul(b);

    public static Tensor operator *(Tensor a, double b) => a.Mul(b);

    public static Tensor operator *(double a, Tensor b) => b.Mul(a);

    public static Tensor operator /(Tensor a, Tensor b) => a.Div(b);

    public static Tensor operator /(Tensor a, double b) => a.Div(b);

    public static Tensor operator /(double a, Tensor b) => b.ScalarLike(a).Div(b);

    // ---------------------------------------------------------------- in place (no graph; for optimizers and init)

    /// <summary>this += alpha * other, in place.</summary>
    public Tensor AddInPlace(Tensor other, double alpha = 1)
    {
        CheckInPlace("add_");
        RawOps.BinaryInto(this, this, other, alpha == 1 ? BinaryOp.Add : BinaryOp.AddScaled, alpha);
        return this;
    }

    public Tensor MulInPlace(double value)
    {
        CheckInPlace("mul_");
        RawOps.UnaryInto(this, this, UnaryOp.Affine, value, 0);
        return this;
    }

    public Tensor MulInPlace(Tensor other)
    {
        CheckInPlace("mul_");
        RawOps.BinaryInto(this, this, other, BinaryOp.Mul);
        return this;
    }

    public Tensor CopyFrom(Tensor source)
    {
        CheckInPlace("copy_");
        RawOps.CopyInto(this, source);
        return this;
    }

    public Tensor FillInPlace(double value)
    {
        CheckInPlace("fill_");
        RawOps.Fill(this, value);
        return this;
    }

    public Tensor ZeroInPlace() => FillInPlace(0);

    /// <summary>Applies an elementwise op in place (clamp_, sqrt_, ...).</summary>
    public Tensor ApplyInPlace(UnaryOp op, double p0 = 0, double p1 = 0)
    {
        CheckInPlace(op.ToString());
        RawOps.UnaryInto(this, this, op, p0, p1);
        return this;
    }

    private void CheckInPlace(string op)
    {
        if (GradMode.IsEnabled && RequiresGrad)
        {
            throw new InvalidOperationException($"{op}: a tensor that requires grad cannot be modified in place while grad is enabled (use GradMode.NoGrad())");
        }
    }

    internal Tensor ScalarLike(double value) => Full([], value, DType.IsFloatingPoint() ? DType : DType.Float32, Device);
}
