using IlgpuNet.Autograd;
using IlgpuNet.Kernels;
using IlgpuNet.Layers;
using IlgpuNet.Tensors;
using static IlgpuNet.Tests.Layers.Assertions;

namespace IlgpuNet.Tests.Layers;

/// <summary>
/// A linear layer over a ReLU's input (<see cref="Linear.CallRectified"/>) and over the parts of a concatenation
/// (<see cref="Linear.CallConcatenated"/>, <see cref="Linear.CallConcatenatedRectified"/>, over
/// <see cref="Functional.LinearOverParts"/>) gives the values and
/// gradients of the layer called on relu(h) and on the concatenation itself; a layer with hooks is called on them.
/// </summary>
public class LinearOverPartsTests
{
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void ConcatenatedParts_GradientsMatchFiniteDifferences(bool rectified)
    {
        var layer = (Linear)new Linear(7, 4, generator: new Generator(3)).To(DType.Float64);
        GradientsMatch(t => rectified ? layer.CallConcatenatedRectified(t[0], t[1]) : layer.CallConcatenated(t[0], t[1]), Leaf(5, 3), Leaf(5, 4));
        GradientsMatch(t => layer.CallRectified(t[0]), Leaf(5, 7));
        // the weight's two column blocks and the bias too; a batch of rows in two dims; no bias
        GradientsMatch(t => Functional.LinearOverParts(t[0], t[1], t[2], t[3], rectified), Leaf(2, 3, 3), Leaf(2, 3, 4), Leaf(4, 7), Leaf(4));
        GradientsMatch(t => Functional.LinearOverParts(t[0], t[1], t[2], rectifySecond: rectified), Leaf(5, 3), Leaf(5, 4), Leaf(4, 7));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void ConcatenatedParts_EqualTheLayerOnTheConcatenation_ValuesAndGradients(bool rectified)
    {
        // float32 and large enough for the parallel GEMMs and the pool: only the order of the sums differs
        var (parts, whole) = (new Linear(83, 40, generator: new Generator(5)), new Linear(83, 40));
        whole.LoadStateDict(parts.StateDict());
        var first = Tensor.Randn([301, 27], generator: new Generator(6));
        var second = Tensor.Randn([301, 56], generator: new Generator(7));
        second.RequiresGrad = true;
        var secondCopy = second.Detach().Clone();
        secondCopy.RequiresGrad = true;
        var upstream = Tensor.Randn([301, 40], generator: new Generator(8));

        var fromParts = rectified ? parts.CallConcatenatedRectified(first, second) : parts.CallConcatenated(first, second);
        var fromWhole = whole.Call(Tensor.Cat([first, rectified ? secondCopy.Relu() : secondCopy], 1));
        Close(fromWhole, fromParts, 1e-5, "output");
        fromParts.Backward(upstream);
        fromWhole.Backward(upstream);
        Close(secondCopy.Grad!, second.Grad, 1e-5, "d second");
        Close(whole.Weight.Grad!, parts.Weight.Grad, 1e-4, "dW");
        Close(whole.Bias!.Grad!, parts.Bias!.Grad, 1e-4, "db");
    }

    [Fact]
    public void LayerWithAHook_IsCalledOnTheConcatenationAndOnTheRectifiedInput()
    {
        var layer = new Linear(5, 2, generator: new Generator(9));
        Tensor? seen = null;
        layer.RegisterForwardHook((_, input, _) => { seen = input; });
        var output = layer.CallConcatenatedRectified(Tensor.FromArray([1f, -2f], 1, 2), Tensor.FromArray([-3f, 4f, -5f], 1, 3));
        Assert.Equal([1f, -2f, 0f, 4f, 0f], seen!.ToArray());
        Close(layer.Forward(seen), output, 0, "output over the concatenation");
        output = layer.CallRectified(Tensor.FromArray([-1f, 2f, -3f, 4f, 5f], 1, 5));
        Assert.Equal([0f, 2f, 0f, 4f, 5f], seen.ToArray());
        Close(layer.Forward(seen), output, 0, "output over relu(h)");
    }
}
