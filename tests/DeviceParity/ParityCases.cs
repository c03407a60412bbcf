using IlgpuNet.Kernels;
using IlgpuNet.Layers;
using IlgpuNet.Tensors;

namespace IlgpuNet.DeviceParity;

/// <summary>
/// Every op of the engine core and the layers, through the Tensor API, forward and gradients: elementwise and
/// broadcasting on strided views, reductions, matrix products, indexing (this file); convolution, normalisation,
/// pooling, resampling, losses, dropout, rendering and optimizer steps (ParityCases.Vision.cs, ParityCases.Training.cs).
/// Shapes are small and odd so the suite stays quick on PoCL and tile edges are exercised.
/// </summary>
public static partial class ParityCases
{
    public static IReadOnlyList<ParityCase> All { get; } = [.. Elementwise(), .. Reductions(), .. LinearAlgebra(), .. Indexing(),
        .. Vision(), .. Losses(), .. Training(), .. Models()];

    public static ParityCase Named(string name)
        => All.FirstOrDefault(c => c.Name == name) ?? throw new ArgumentException($"no parity case named '{name}'");

    private static ParityCase Case(string name, Tolerance tolerance, Func<ParityInputs, IReadOnlyDictionary<string, Tensor>> run)
        => new(name, tolerance, run);

    private static IEnumerable<ParityCase> Elementwise()
    {
        (string Name, Func<Tensor, Tensor> Op, double Low, double High)[] unary =
        [
            ("neg", x => x.Neg(), -2, 2), ("exp", x => x.Exp(), -2, 2), ("log", x => x.Log(), 0.2, 3), ("sqrt", x => x.Sqrt(), 0.2, 3),
            ("rsqrt", x => x.Rsqrt(), 0.2, 3), ("abs", x => x.Abs(), -2, 2), ("sin", x => x.Sin(), -3, 3), ("cos", x => x.Cos(), -3, 3),
            ("sigmoid", x => x.Sigmoid(), -6, 6), ("tanh", x => x.Tanh(), -3, 3), ("relu", x => x.Relu(), -2, 2),
            ("leaky_relu", x => Functional.LeakyRelu(x, 0.1), -2, 2), ("elu", x => Functional.Elu(x, 1.3), -2, 2),
            ("gelu", x => Functional.Gelu(x), -3, 3), ("softplus", x => Functional.Softplus(x, 2, 3), -3, 3),
            ("clamp", x => x.Clamp(-0.5, 0.7), -2, 2), ("pow_scalar", x => x.Pow(2.5), 0.2, 2), ("square", x => x.Square(), -2, 2),
            ("sign", x => x.Sign(), -2, 2), ("floor", x => x.Floor(), -3, 3),
        ];
        foreach (var (name, op, low, high) in unary)
        {
            // a permuted view as input: the strided kernels read it without a copy
            yield return Case($"unary {name} (permuted view)", Tolerance.Pointwise, d =>
            {
                var x = d.Leaf([5, 7, 3], low, high);
                return d.Backward(op(x.Permute(2, 0, 1)), ("x", x));
            });
        }

        (string Name, Func<Tensor, Tensor, Tensor> Op)[] binary =
        [
            ("add", (a, b) => a.Add(b)), ("sub", (a, b) => a.Sub(b)), ("mul", (a, b) => a.Mul(b)), ("div", (a, b) => a.Div(b)),
            ("add alpha", (a, b) => a.Add(b, -0.7)), ("pow", (a, b) => a.Pow(b)), ("maximum", (a, b) => a.Maximum(b)),
            ("minimum", (a, b) => a.Minimum(b)),
        ];
        foreach (var (name, op) in binary)
        {
            yield return Case($"binary {name} (broadcast)", Tolerance.Pointwise, d =>
            {
                var a = d.Leaf([3, 1, 5], 0.3, 2);
                var b = d.Leaf([4, 5], 0.3, 2);
                return d.Backward(op(a, b), ("a", a), ("b", b));
            });
        }

        yield return Case("scalar ops and operators", Tolerance.Pointwise, d =>
        {
            var x = d.Leaf([6, 5], 0.5, 2);
            return d.Backward((2.0 - x) * 3.0 / x + x / 4.0, ("x", x));
        });
        yield return Case("comparisons", Tolerance.Exact, d =>
        {
            var a = d.Constant([4, 6]);
            var b = d.Constant([6]);
            return new Dictionary<string, Tensor>
            {
                ["eq"] = a.Eq(a.Narrow(0, 1, 1)),
                ["ne"] = a.Ne(b),
                ["lt"] = a.Lt(b),
                ["le"] = a.Le(b),
                ["gt"] = a.Gt(0.2),
                ["ge"] = a.Ge(b),
            };
        });
        yield return Case("where and masked_fill", Tolerance.Pointwise, d =>
        {
            var a = d.Leaf([4, 5]);
            var b = d.Leaf([5]);
            var mask = d.Constant([4, 5]).Gt(0.1);
            return d.Backward(Tensor.Where(mask, a, b).Add(a.MaskedFill(mask, -3)), ("a", a), ("b", b));
        });
        yield return Case("dtype conversions", Tolerance.Exact, d =>
        {
            var x = d.Constant([3, 7], -5, 5);
            return new Dictionary<string, Tensor>
            {
                ["int64"] = x.To(DType.Int64),
                ["int32"] = x.To(DType.Int32),
                ["bool"] = x.Gt(0).To(DType.Float32).Add(x.To(DType.Bool).To(DType.Float32)),
                ["uint8 back"] = x.Abs().To(DType.UInt8).To(DType.Float32),
                ["labels sum"] = d.Labels([9], 7).Add(d.Labels([9], 7)),
            };
        });
        yield return Case("copy into views, fills", Tolerance.Exact, d =>
        {
            var y = Tensor.Zeros([4, 6], DType.Float32, d.Device);
            y.Narrow(1, 1, 3).CopyFrom(d.Constant([4, 3]));
            y.Select(0, 2).FillInPlace(7);
            var longs = Tensor.Full([5], 3, DType.Int64, d.Device);
            return new Dictionary<string, Tensor> { ["y"] = y, ["ones"] = Tensor.OnesLike(y), ["longs"] = longs, ["cat"] = Tensor.Cat([y, y.T.Contiguous().Reshape(4, 6)], 1) };
        });
    }

    private static IEnumerable<ParityCase> Reductions()
    {
        yield return Case("sum all, dims, keepdim", Tolerance.Accumulated, d =>
        {
            var x = d.Leaf([3, 4, 5, 6]);
            return d.Backward(x.Sum().Add(x.Sum([0, 2], keepDim: true).Sum()).Add(x.Sum(3).Mul(x.Sum(3)).Sum()), ("x", x));
        });
        yield return Case("sum to shape (broadcast backward)", Tolerance.Accumulated, d =>
        {
            var x = d.Leaf([2, 3, 4, 5]);
            var bias = d.Leaf([1, 3, 1, 1]);
            return d.Backward(x.Add(bias).Mul(x), ("x", x), ("bias", bias));
        });
        yield return Case("sum of a long axis (split over blocks)", new Tolerance(1e-3, 1e-3), d =>
        {
            var x = d.Leaf([2, 20000]);
            return d.Backward(x.Sum(1).Add(x.Mean()), ("x", x));
        });
        yield return Case("mean, var, std", Tolerance.Accumulated, d =>
        {
            var x = d.Leaf([4, 9]);
            return d.Backward(x.Mean(1).Add(x.Var([1])).Add(x.Std([0], keepDim: false).Sum()).Add(x.Mean()), ("x", x));
        });
        yield return Case("max, min along dim with indices", Tolerance.Pointwise, d =>
        {
            var x = d.Leaf([5, 6, 7]);
            var (max, argmax) = x.Max(1);
            var (min, argmin) = x.Min(2, keepDim: true);
            var r = new Dictionary<string, Tensor>(d.Backward(max.Sum().Add(min.Sum().Mul(2)), ("x", x)))
            {
                ["argmax"] = argmax,
                ["argmin"] = argmin,
                ["argmax api"] = x.Detach().ArgMax(0),
            };
            return r;
        });
        yield return Case("max, min of all elements", Tolerance.Pointwise, d =>
        {
            var x = d.Leaf([4, 9]);
            return d.Backward(x.Max().Sub(x.Min()), ("x", x));
        });
        yield return Case("softmax, log_softmax (last and middle dim)", Tolerance.Pointwise, d =>
        {
            var x = d.Leaf([3, 11, 4], -3, 3);
            return d.Backward(x.Softmax(1).Mul(x).Add(x.LogSoftmax(-1)), ("x", x));
        });
        yield return Case("logsumexp", Tolerance.Pointwise, d =>
        {
            var x = d.Leaf([5, 13], -4, 4);
            return d.Backward(x.LogSumExp(1), ("x", x));
        });
        yield return Case("cumsum", Tolerance.Accumulated, d =>
        {
            var x = d.Leaf([4, 9, 3]);
            return d.Backward(x.Cumsum(1).Mul(x), ("x", x));
        });
    }

    private static IEnumerable<ParityCase> LinearAlgebra()
    {
        yield return Case("matmul 2-D odd sizes", Tolerance.Accumulated, d =>
        {
            var a = d.Leaf([33, 17]);
            var b = d.Leaf([17, 65]);
            return d.Backward(a.Matmul(b), ("a", a), ("b", b));
        });
        yield return Case("matmul transposed views and vectors", Tolerance.Accumulated, d =>
        {
            var a = d.Leaf([9, 12]);
            var b = d.Leaf([7, 9]);
            var v = d.Leaf([12]);
            return d.Backward(a.T.Matmul(b.T).Sum(0).Add(a.Matmul(v).Sum()), ("a", a), ("b", b), ("v", v));
        });
        yield return Case("matmul batched broadcast", Tolerance.Accumulated, d =>
        {
            var a = d.Leaf([2, 3, 5, 6]);
            var b = d.Leaf([3, 6, 4]);
            return d.Backward(a.Matmul(b), ("a", a), ("b", b));
        });
        yield return Case("linear layer", Tolerance.Accumulated, d =>
        {
            var x = d.Leaf([2, 5, 20]);
            var w = d.Leaf([13, 20]);
            var bias = d.Leaf([13]);
            return d.Backward(Functional.Linear(x, w, bias), ("x", x), ("w", w), ("bias", bias));
        });
    }

    private static IEnumerable<ParityCase> Indexing()
    {
        yield return Case("gather and scatter_add", Tolerance.Pointwise, d =>
        {
            var x = d.Leaf([4, 6]);
            var index = d.Labels([4, 3], 6);
            var source = d.Leaf([4, 3]);
            var y = x.Gather(1, index).Mul(2).Sum().Add(x.ScatterAdd(1, index, source).Square().Sum());
            return new Dictionary<string, Tensor>(d.Backward(y, ("x", x), ("source", source)));
        });
        yield return Case("index_select", Tolerance.Pointwise, d =>
        {
            var x = d.Leaf([3, 8, 2]);
            var index = d.Labels([10], 8);
            return d.Backward(x.IndexSelect(1, index), ("x", x));
        });
        yield return Case("cat, stack, slices, narrow", Tolerance.Pointwise, d =>
        {
            var a = d.Leaf([3, 4]);
            var b = d.Leaf([3, 4]);
            var y = Tensor.Cat([a, b.Slice(1, 0, 4, 2)], 1).Add(Tensor.Stack([a.Narrow(1, 1, 3), b.Narrow(1, 0, 3)], 0).Sum(0).Sum(1, keepDim: true));
            return d.Backward(y, ("a", a), ("b", b));
        });
        yield return Case("expand, reshape, pixel shuffle", Tolerance.Pointwise, d =>
        {
            var x = d.Leaf([1, 8, 3, 3]);
            var s = d.Leaf([6, 1]);
            return d.Backward(Functional.PixelShuffle(x, 2).Add(s.Expand(6, 6)), ("x", x), ("s", s));
        });
    }
}
