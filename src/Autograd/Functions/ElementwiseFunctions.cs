using IlgpuNet.Kernels;
using IlgpuNet.Kernels.Cpu;
using IlgpuNet.Tensors;

namespace IlgpuNet.Autograd.Functions;

/// <summary>
/// Differentiable elementwise ops, forward and backward side by side. Binary ops broadcast; their backward sums the
/// gradient back to each input's shape (<see cref="Tensor.SumToShape"/>).
/// </summary>
public static class ElementwiseFunctions
{
    // y = a + b                 da = g, db = g
    public static Tensor Add(Tensor a, Tensor b) => Graph.Record("AddBackward", RawOps.Binary(a, b, BinaryOp.Add), [a, b],
        g => [g.SumToShape(a.ShapeRef), g.SumToShape(b.ShapeRef)], saved: []);

    // y = a + alpha * b         da = g, db = alpha g
    public static Tensor AddScaled(Tensor a, Tensor b, double alpha) => Graph.Record("AddBackward",
        RawOps.Binary(a, b, BinaryOp.AddScaled, alpha), [a, b],
        g => [g.SumToShape(a.ShapeRef), g.Mul(alpha).SumToShape(b.ShapeRef)], saved: []);

    // y = a - b                 da = g, db = -g
    public static Tensor Sub(Tensor a, Tensor b) => Graph.Record("SubBackward", RawOps.Binary(a, b, BinaryOp.Sub), [a, b],
        g => [g.SumToShape(a.ShapeRef), g.Neg().SumToShape(b.ShapeRef)], saved: []);

    // y = a * b                 da = g b, db = g a
    public static Tensor Mul(Tensor a, Tensor b) => Graph.Record("MulBackward", RawOps.Binary(a, b, BinaryOp.Mul), [a, b],
        g => [a.RequiresGrad ? g.Mul(b).SumToShape(a.ShapeRef) : null, b.RequiresGrad ? g.Mul(a).SumToShape(b.ShapeRef) : null],
        saved: [b.RequiresGrad ? a : null, a.RequiresGrad ? b : null]);

    // y = a / b                 da = g / b, db = -g a / b²
    public static Tensor Div(Tensor a, Tensor b) => Graph.Record("DivBackward", RawOps.Binary(a, b, BinaryOp.Div), [a, b],
        g => [a.RequiresGrad ? g.Div(b).SumToShape(a.ShapeRef) : null,
              b.RequiresGrad ? g.Mul(a).Div(b.Mul(b)).Neg().SumToShape(b.ShapeRef) : null], saved: [b.RequiresGrad ? a : null, b]);

    // y = a ^ b                 da = g b a^(b-1), db = g y log a
    public static Tensor Pow(Tensor a, Tensor b)
    {
        var y = RawOps.Binary(a, b, BinaryOp.Pow);
        return Graph.Record("PowBackward", y, [a, b], g =>
            [a.RequiresGrad ? g.Mul(b).Mul(a.Pow(b.Sub(1.0))).SumToShape(a.ShapeRef) : null,
             b.RequiresGrad ? g.Mul(y).Mul(a.Log()).SumToShape(b.ShapeRef) : null], saved: [a, b, y]);
    }

    // y = max(a, b)             gradient to the larger; ties split evenly, as PyTorch
    public static Tensor Maximum(Tensor a, Tensor b) => MinMax(a, b, BinaryOp.Maximum, CompareOp.Greater, "MaximumBackward");

    public static Tensor Minimum(Tensor a, Tensor b) => MinMax(a, b, BinaryOp.Minimum, CompareOp.Less, "MinimumBackward");

    private static Tensor MinMax(Tensor a, Tensor b, BinaryOp op, CompareOp wins, string name)
        => Graph.Record(name, RawOps.Binary(a, b, op), [a, b], g =>
        {
            var aWins = RawOps.Compare(a, b, wins).To(g.DType);
            var tie = RawOps.Compare(a, b, CompareOp.Equal).To(g.DType).Mul(0.5);
            var aShare = aWins.Add(tie);
            return [g.Mul(aShare).SumToShape(a.ShapeRef), g.Mul(aShare.Neg().Add(1.0)).SumToShape(b.ShapeRef)];
        }, saved: [a, b]);

    // y = f(x) for the unary ops whose derivative is a function of x or y
    public static Tensor Neg(Tensor x) => Graph.Record("NegBackward", RawOps.Unary(x, UnaryOp.Neg), [x], g => [g.Neg()], saved: []);

    public static Tensor Exp(Tensor x)
    {
        var y = RawOps.Unary(x, UnaryOp.Exp);
        return Graph.Record("ExpBackward", y, [x], g => [g.Mul(y)], saved: [y]); // d/dx e^x = y
    }

    public static Tensor Log(Tensor x) => Graph.Record("LogBackward", RawOps.Unary(x, UnaryOp.Log), [x], g => [g.Div(x)], saved: [x]);

    public static Tensor Sqrt(Tensor x)
    {
        var y = RawOps.Unary(x, UnaryOp.Sqrt);
        return Graph.Record("SqrtBackward", y, [x], g => [g.Div(y.Mul(2.0))], saved: [y]); // 1 / (2 sqrt x)
    }

    public static Tensor Rsqrt(Tensor x)
    {
        var y = RawOps.Unary(x, UnaryOp.Rsqrt);
        return Graph.Record("RsqrtBackward", y, [x], g => [g.Mul(y.Mul(y).Mul(y)).Mul(-0.5)], saved: [y]); // -x^-3/2 / 2
    }

    public static Tensor Abs(Tensor x) => Graph.Record("AbsBackward", RawOps.Unary(x, UnaryOp.Abs), [x],
        g => [g.Mul(RawOps.Unary(x, UnaryOp.Sign))], saved: [x]);

    public static Tensor Sin(Tensor x) => Graph.Record("SinBackward", RawOps.Unary(x, UnaryOp.Sin), [x], g => [g.Mul(x.Cos())], saved: [x]);

    public static Tensor Cos(Tensor x) => Graph.Record("CosBackward", RawOps.Unary(x, UnaryOp.Cos), [x], g => [g.Mul(x.Sin()).Neg()], saved: [x]);

    public static Tensor Sigmoid(Tensor x)
    {
        var y = RawOps.Unary(x, UnaryOp.Sigmoid);
        return Graph.Record("SigmoidBackward", y, [x], g => [RawOps.Binary(g, y, BinaryOp.SigmoidGrad)], saved: [y]);
    }

    public static Tensor Tanh(Tensor x)
    {
        var y = RawOps.Unary(x, UnaryOp.Tanh);
        return Graph.Record("TanhBackward", y, [x], g => [RawOps.Binary(g, y, BinaryOp.TanhGrad)], saved: [y]);
    }

    public static Tensor Relu(Tensor x)
    {
        var y = RawOps.Unary(x, UnaryOp.Relu);
        return Graph.Record("ReluBackward", y, [x], g => [RawOps.Binary(g, y, BinaryOp.ReluGrad)], saved: [y]);
    }

    // y = x > 0 ? x : a[c] x, one slope per channel (dim 1; dim 0 of a 1-D x) or one shared
    //                          dx = x > 0 ? g : a[c] g,   da[c] = sum of (x > 0 ? 0 : x g) over everything but c
    public static Tensor PRelu(Tensor x, Tensor weight)
    {
        int channelDim = x.Rank >= 2 ? 1 : 0;
        int c = weight.Numel;
        if (c != 1 && (x.Rank == 0 || x.ShapeRef[channelDim] != c))
        {
            throw new ArgumentException($"prelu: {c} parameters for an input of shape {ShapeRules.Format(x.ShapeRef)}");
        }

        if (!x.Device.IsCpu || x.DType != weight.DType || !x.DType.IsFloatingPoint())
        {
            // the device (and mixed dtypes) compose it from elementwise ops
            var slope = c == 1 ? weight : weight.Reshape([c, .. Enumerable.Repeat(1, x.Rank - channelDim - 1)]);
            return Where(x.Gt(0), x, x.Mul(slope));
        }

        int n = c == 1 || channelDim == 0 ? 1 : x.ShapeRef[0];
        int s = x.Numel / Math.Max(1, n * c);
        var xd = KernelBuffers.Dense(x);
        var ad = KernelBuffers.Dense(weight);
        var y = RawOps.Empty(x.ShapeRef, x.DType, x.Device);
        KernelBuffers.Dispatch("prelu", x,
            () => PReluKernels.Forward(xd.Data<float>(), xd.Offset, ad.Data<float>(), ad.Offset, y.Data<float>(), n, c, s),
            () => PReluKernels.Forward(xd.Data<double>(), xd.Offset, ad.Data<double>(), ad.Offset, y.Data<double>(), n, c, s));
        var output = Graph.Record("PreluKernelBackward", y, [x, weight], g =>
        {
            var gd = KernelBuffers.Dense(g);
            var dx = x.RequiresGrad ? RawOps.Empty(x.ShapeRef, x.DType, x.Device) : null;
            var da = weight.RequiresGrad ? RawOps.Empty(weight.ShapeRef, weight.DType, weight.Device) : null;
            KernelBuffers.Dispatch("prelu", x,
                () => PReluKernels.Backward(gd.Data<float>(), gd.Offset, xd.Data<float>(), xd.Offset, ad.Data<float>(), ad.Offset,
                    dx?.Data<float>(), da?.Data<float>(), n, c, s),
                () => PReluKernels.Backward(gd.Data<double>(), gd.Offset, xd.Data<double>(), xd.Offset, ad.Data<double>(), ad.Offset,
                    dx?.Data<double>(), da?.Data<double>(), n, c, s));
            KernelBuffers.DisposeCopy(gd, g);
            return [dx, da];
        }, saved: [xd, ad]);
        KernelBuffers.DisposeCopy(xd, x);
        KernelBuffers.DisposeCopy(ad, weight);
        return output;
    }

    public static Tensor LeakyRelu(Tensor x, double slope) => Graph.Record("LeakyReluBackward",
        RawOps.Unary(x, UnaryOp.LeakyRelu, slope), [x], g => [RawOps.Binary(g, x, BinaryOp.LeakyReluGrad, slope)], saved: [x]);

    public static Tensor Elu(Tensor x, double alpha) => Graph.Record("EluBackward",
        RawOps.Unary(x, UnaryOp.Elu, alpha), [x], g => [RawOps.Binary(g, x, BinaryOp.EluGrad, alpha)], saved: [x]);

    public static Tensor Gelu(Tensor x) => Graph.Record("GeluBackward",
        RawOps.Unary(x, UnaryOp.Gelu), [x], g => [RawOps.Binary(g, x, BinaryOp.GeluGrad)], saved: [x]);

    public static Tensor Softplus(Tensor x, double beta, double threshold) => Graph.Record("SoftplusBackward",
        RawOps.Unary(x, UnaryOp.Softplus, beta, threshold), [x], g => [RawOps.Binary(g, x, BinaryOp.SoftplusGrad, beta, threshold)], saved: [x]);

    // y = x^p                   dx = g p x^(p-1)
    public static Tensor PowScalar(Tensor x, double p) => Graph.Record("PowBackward",
        RawOps.Unary(x, UnaryOp.PowScalar, p), [x], g => [g.Mul(x.Pow(p - 1)).Mul(p)], saved: [x]);

    // y = clamp(x, lo, hi)      gradient passes where lo <= x <= hi
    public static Tensor Clamp(Tensor x, double min, double max) => Graph.Record("ClampBackward",
        RawOps.Unary(x, UnaryOp.Clamp, min, max), [x], g => [RawOps.Binary(g, x, BinaryOp.ClampGrad, min, max)], saved: [x]);

    // y = cond ? a : b          da = g where cond, db = g elsewhere
    public static Tensor Where(Tensor condition, Tensor a, Tensor b) => Graph.Record("WhereBackward",
        RawOps.Where(condition, a, b), [a, b], g =>
        {
            var zero = Tensor.ZerosLike(g);
            return [RawOps.Where(condition, g, zero).SumToShape(a.ShapeRef), RawOps.Where(condition, zero, g).SumToShape(b.ShapeRef)];
        }, saved: [condition]);
}
