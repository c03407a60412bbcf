using IlgpuNet.Autograd.Functions;
using IlgpuNet.Kernels;
using IlgpuNet.Tensors;
using IlgpuNet.Tests.Engine.Tensors;

namespace IlgpuNet.Tests.Engine.Autograd;

/// <summary>
/// Every differentiable op keeps what its backward reads: its inputs are made as intermediates and, with its output,
/// disposed before backward (as Sequential disposes what the next layer has taken), then the pool is churned with
/// tensors of the same sizes full of other values. The gradients must equal those of the same computation with
/// nothing disposed (to the last bit or so: vectorised sin and cos round an element differently depending on where
/// its array starts); a storage an op's node forgot to hold would have been reused, or read back as released, in
/// between.
/// </summary>
[Collection(HostPoolCollection.Name)]
public class SavedTensorTests
{
    // float64 inputs of 8192+ elements (64 KB+), so that every tensor here goes through the pool
    public static TheoryData<string> Ops => [.. Cases.Keys];

    private static readonly Dictionary<string, (int[][] Shapes, Func<Tensor[], Tensor> Op)> Cases = new()
    {
        ["exp"] = ([[96, 96]], t => t[0].Exp()),
        ["log"] = ([[96, 96]], t => t[0].Abs().Add(0.5).Log()),
        ["sqrt"] = ([[96, 96]], t => t[0].Abs().Add(0.5).Sqrt()),
        ["rsqrt"] = ([[96, 96]], t => t[0].Abs().Add(0.5).Rsqrt()),
        ["sin, cos"] = ([[96, 96]], t => t[0].Sin().Mul(t[0].Cos())),
        ["sigmoid, tanh"] = ([[96, 96]], t => t[0].Sigmoid().Add(t[0].Tanh())),
        ["relu"] = ([[96, 96]], t => t[0].Relu()),
        ["leaky relu, elu, gelu, softplus"] = ([[96, 96]], t =>
            ElementwiseFunctions.LeakyRelu(t[0], 0.1).Add(ElementwiseFunctions.Elu(t[0], 1.0))
                .Add(ElementwiseFunctions.Gelu(t[0])).Add(ElementwiseFunctions.Softplus(t[0], 1, 20))),
        ["pow, clamp"] = ([[96, 96]], t => t[0].Pow(3.0).Add(t[0].Clamp(-0.3, 0.4))),
        ["mul, div"] = ([[96, 96], [96, 96]], t => t[0].Mul(t[1]).Add(t[0].Div(t[1].Abs().Add(0.5)))),
        ["pow of tensors"] = ([[96, 96], [96, 96]], t => t[0].Abs().Add(0.5).Pow(t[1])),
        ["maximum, minimum"] = ([[96, 96], [96, 96]], t => t[0].Maximum(t[1]).Add(t[0].Minimum(t[1]))),
        ["where"] = ([[96, 96], [96, 96]], t => Tensor.Where(t[0].Gt(0.0), t[0], t[1])),
        ["sum, mean"] = ([[96, 96]], t => t[0].Sum(1).Add(t[0].Mean(1))),
        ["max along dim, max"] = ([[96, 96]], t => t[0].Max(1).Values.Sum().Add(t[0].Max())),
        ["softmax, log softmax"] = ([[96, 96]], t => t[0].Softmax(1).Mul(t[0].LogSoftmax(1))),
        ["cumsum"] = ([[96, 96]], t => t[0].Cumsum(1)),
        ["views"] = ([[96, 96]], t => t[0].Permute(1, 0).Reshape(48, 192).Narrow(1, 10, 100).Contiguous()),
        ["matmul"] = ([[96, 96], [96, 96]], t => t[0].Matmul(t[1])),
        ["linear"] = ([[96, 96], [96, 96], [96]], t => MatmulFunctions.Linear(t[0], t[1], t[2])),
        ["relu then linear"] = ([[96, 96], [96, 96], [96]], t => MatmulFunctions.ReluLinear(t[0], t[1], t[2])),
        ["linear over parts"] = ([[256, 40], [256, 56], [96, 96], [96]], t => MatmulFunctions.LinearOverParts(t[0], t[1], true, t[2], t[3])
            .Add(MatmulFunctions.LinearOverParts(t[0], t[1], false, t[2], null))),
        ["prelu"] = ([[4, 8, 16, 16], [8]], t => ElementwiseFunctions.PRelu(t[0], t[1])),
        ["conv2d"] = ([[4, 8, 16, 16], [16, 8, 3, 3], [16]], t => ConvolutionFunctions.Conv2d(t[0], t[1], t[2], 1, 1, 1, 1, 1, 1, 1)),
        ["conv_transpose2d"] = ([[4, 16, 8, 16], [16, 8, 3, 3], [8]], t =>
            ConvolutionFunctions.ConvTranspose2d(t[0], t[1], t[2], 2, 2, 1, 1, 1, 1, 1, 1, 1)),
        ["batch_norm"] = ([[8, 16, 16, 16], [16], [16]], t => NormalizationFunctions.BatchNorm(t[0], null, null, t[1], t[2], true, 0.1, 1e-5)),
        ["batch_norm then relu"] = ([[8, 16, 16, 16], [16], [16]], t => NormalizationFunctions.BatchNorm(t[0], null, null, t[1], t[2], true, 0.1, 1e-5, rectify: true)),
        ["max_pool2d"] = ([[4, 8, 32, 32]], t => PoolingFunctions.MaxPool2d(t[0], 2, 2, 2, 2, 0, 0, 1, 1, false).Output),
        ["avg and adaptive pools"] = ([[4, 8, 32, 32]], t => PoolingFunctions.AvgPool2d(t[0], 3, 3, 1, 1, 1, 1, false, true, null)
            .Add(PoolingFunctions.AdaptiveAvgPool2d(t[0], 32, 32)).Add(PoolingFunctions.AdaptiveMaxPool2d(t[0], 32, 32).Output)),
        ["cat"] = ([[96, 96], [96, 96]], t => Tensor.Cat([t[0], t[1]], 1)),
        ["gather, index_select, masked_fill"] = ([[96, 96]], t => t[0].Gather(1, Index([96, 96], 96))
            .Add(t[0].IndexSelect(0, Index([96], 96))).Add(t[0].MaskedFill(t[0].Lt(-0.5), 0.25))),
        ["nll of log softmax"] = ([[96, 96]], t => LossFunctions.CrossEntropy(t[0], Index([96], 96), null, -100, 0.1, LossReduction.None)),
    };

    [Theory]
    [MemberData(nameof(Ops))]
    public void Backward_AfterOutputsAndIntermediatesWereDisposed_GivesTheSameGradients(string op)
    {
        var (shapes, f) = Cases[op];
        var expected = Gradients(shapes, f, dispose: false);
        var actual = Gradients(shapes, f, dispose: true);
        for (int i = 0; i < expected.Length; i++)
        {
            Assert.Equal(expected[i].Length, actual[i].Length);
            for (int k = 0; k < expected[i].Length; k++)
            {
                Assert.Equal(expected[i][k], actual[i][k], 1e-12 * Math.Max(1, Math.Abs(expected[i][k])));
            }
        }
    }

    private static double[][] Gradients(int[][] shapes, Func<Tensor[], Tensor> f, bool dispose)
    {
        var leaves = shapes.Select((s, i) => Leaf(s, seed: i + 1)).ToArray();
        var inputs = leaves.Select(l => l.Mul(1.0)).ToArray(); // intermediates with storages of their own
        var y = f(inputs);
        var weights = Tensor.Rand(y.Shape, -1, 1, DType.Float64, new Generator(99));
        var loss = y.Mul(weights).Sum();
        if (dispose)
        {
            y.Dispose();
            foreach (var input in inputs)
            {
                input.Dispose();
            }

            Churn(shapes.Append(y.Shape));
        }

        loss.Backward();
        return leaves.Select(l => l.Grad!.ToDoubleArray()).ToArray();
    }

    // same-sized tensors through the pool, written with values no op here produces
    private static void Churn(IEnumerable<int[]> shapes)
    {
        var held = shapes.SelectMany(s => Enumerable.Range(0, 3).Select(_ => Tensor.Full(s, -777.0, DType.Float64))).ToList();
        foreach (var t in held)
        {
            t.Dispose();
        }
    }

    private static Tensor Leaf(int[] shape, int seed)
    {
        var t = Tensor.Rand(shape, -1, 1, DType.Float64, new Generator((ulong)seed));
        t.RequiresGrad = true;
        return t;
    }

    private static Tensor Index(int[] shape, int bound)
        => Tensor.Rand(shape, 0, bound, DType.Float64, new Generator(7)).Floor().To(DType.Int64);
}
