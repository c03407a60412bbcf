using IlgpuNet.Layers;
using IlgpuNet.Tensors;

namespace IlgpuNet.Nerf.Models;

/// <summary>
/// The paper's MLP (Mildenhall et al. 2020, fig. 7) with nerf-pytorch's parameter names: <c>pts_linears</c> (depth
/// layers of width W, ReLU, the encoded position concatenated again after layer <c>skip</c>), <c>alpha_linear</c> (density),
/// <c>feature_linear</c>, <c>views_linears.0</c> (W + encoded direction → W/2, ReLU) and <c>rgb_linear</c>.
/// Initialised as the paper's TensorFlow code does, Glorot-uniform weights and zero biases: with PyTorch's default
/// (uniform biases) the density is nearly the output bias at every point after 8 layers, and when that bias is negative
/// every ray starts empty, ReLU passes no gradient and training stays at the background colour.
/// </summary>
public sealed class NerfMlp : Module
{
    private readonly List<Linear> points = [];
    private readonly Linear alpha;
    private readonly Linear feature;
    private readonly Linear view;
    private readonly Linear rgb;

    public NerfMlp(int depth = 8, int width = 256, int pointInputs = 63, int viewInputs = 27, int skip = 4, Generator? generator = null)
    {
        PointInputs = pointInputs;
        ViewInputs = viewInputs;
        Skip = skip;
        var trunk = RegisterModule("pts_linears", new ModuleList());
        for (int i = 0; i < depth; i++)
        {
            int inputs = i == 0 ? pointInputs : i == skip + 1 ? width + pointInputs : width;
            points.Add(new Linear(inputs, width, generator: generator));
            trunk.Add(points[i]);
        }

        feature = RegisterModule("feature_linear", new Linear(width, width, generator: generator));
        alpha = RegisterModule("alpha_linear", new Linear(width, 1, generator: generator));
        view = new Linear(width + viewInputs, width / 2, generator: generator);
        RegisterModule("views_linears", new ModuleList(view));
        rgb = RegisterModule("rgb_linear", new Linear(width / 2, 3, generator: generator));
        foreach (var layer in Modules().OfType<Linear>())
        {
            Init.XavierUniform(layer.Weight, generator: generator);
            Init.Zeros(layer.Bias!);
        }
    }

    public int PointInputs { get; }

    public int ViewInputs { get; }

    public int Skip { get; }

    /// <summary>
    /// Encoded positions (N, PointInputs) and directions (N, ViewInputs) → colour logits (N, 3) and raw density (N, 1).
    /// Backward keeps one tensor a layer and no more: each ReLU is folded into the layer after it
    /// (<see cref="Linear.CallRectified"/>), which keeps the ReLU's input where PyTorch keeps its output; the skip layer
    /// and the view layer take their concatenated inputs as parts (<see cref="Linear.CallConcatenated"/>), so neither the
    /// skip's copy of the encoded position and relu(h) nor the feature-and-direction concatenation is kept; and every
    /// intermediate is released once the next layer has taken it. Per sample (width 256) that is 2436 floats against
    /// the 5252 that the layers called one by one left held until the collector ran.
    /// </summary>
    public (Tensor RgbLogits, Tensor Density) Evaluate(Tensor encodedPoints, Tensor encodedViews)
    {
        var spent = new Intermediates(encodedPoints);
        var h = points[0].Call(encodedPoints); // pre-activation: the next layer rectifies it
        for (int i = 1; i < points.Count; i++)
        {
            var layer = points[i];
            h = spent.Then(h, h => i == Skip + 1 ? layer.CallConcatenatedRectified(encodedPoints, h) : layer.CallRectified(h));
        }

        var density = alpha.CallRectified(h);
        var features = spent.Then(h, feature.CallRectified);
        var hidden = spent.Then(features, features => view.CallConcatenated(features, encodedViews));
        return (spent.Then(hidden, rgb.CallRectified), density);
    }

    /// <summary>nerf-pytorch's forward: input (N, PointInputs + ViewInputs) → (N, 4) = (colour logits, raw density).</summary>
    public override Tensor Forward(Tensor input)
    {
        var (rgbLogits, density) = Evaluate(input.Narrow(1, 0, PointInputs), input.Narrow(1, PointInputs, ViewInputs));
        return Tensor.Cat([rgbLogits, density], 1);
    }
}
