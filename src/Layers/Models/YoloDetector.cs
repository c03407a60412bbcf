using IlgpuNet.Autograd;
using IlgpuNet.Tensors;

namespace IlgpuNet.Layers.Models;

/// <summary>
/// A single-stage, anchor-free YOLO-style detector. ResNet18's stem and first three stages (backbone, strides 8 and 16
/// used) feed a one-level FPN neck; the head, a 3×3 convolution with batch norm and ReLU then a 1×1 convolution, gives
/// every cell of the stride-8 grid one box: (tx, ty, tw, th, objectness, one logit per class). No anchor boxes: the
/// centre is the cell's corner plus 2σ(t) - 0.5 cells (YOLOv5's offset, so a cell also reaches a centre in its
/// neighbours) and the size is exp(t) × stride (YOLOX). Parameter names group as backbone.*, neck.* and head.*, the
/// prefixes fine-tuning freezes by.
/// <para>x (N, in, H, W), H and W multiples of 16 → (N, 5 + classes, H/8, W/8).</para>
/// </summary>
public sealed class YoloDetector : Module
{
    /// <summary>Input pixels per grid cell.</summary>
    public const int Stride = 8;

    /// <summary>The width and height, in pixels, that an untrained head predicts (the tw, th biases start at log(size / stride)).</summary>
    public const double InitialBoxSize = 32;

    /// <summary>Objectness and class probability an untrained head predicts (RetinaNet's prior: training starts from "nothing here").</summary>
    public const double PriorProbability = 0.01;

    // exp(5) × 8 ≈ 1,200 pixels: a bound that keeps an early wild tw from overflowing
    private const double MaxLogSize = 5;

    private readonly ResNetBackbone backbone;
    private readonly FpnNeck neck;
    private readonly Sequential head;

    public YoloDetector(int numClasses, int neckChannels = 128, int inChannels = 3)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(numClasses, 1);
        NumClasses = numClasses;
        backbone = RegisterModule("backbone", ResNetBackbone.ResNet18(stages: 3, inChannels));
        neck = RegisterModule("neck", new FpnNeck(backbone.StageChannels[1], backbone.StageChannels[2], neckChannels));
        head = RegisterModule("head", new Sequential(
            new Conv2d(neckChannels, neckChannels, 3, padding: 1, bias: false), new BatchNorm2d(neckChannels), new ReLU(),
            new Conv2d(neckChannels, OutputsPerCell, 1)));
        InitializePredictionBias();
    }

    public override string TypeName => "YoloDetector";

    public int NumClasses { get; }

    /// <summary>Channels of the output: tx, ty, tw, th, objectness and the class logits.</summary>
    public int OutputsPerCell => 5 + NumClasses;

    public ResNetBackbone Backbone => backbone;

    public override Tensor Forward(Tensor input)
    {
        if (input.Rank != 4 || input.Size(2) % 16 != 0 || input.Size(3) % 16 != 0)
        {
            throw new ArgumentException($"YoloDetector: expected (N, C, H, W) images with H and W multiples of 16, got {ShapeRules.Format(input.Shape)}");
        }

        var spent = new Intermediates(input); // every stage's map (the unused stride-4 one too) is released once fused
        var features = backbone.Features(input);
        var fused = neck.Fuse(features[1], features[2]);
        foreach (var feature in features)
        {
            spent.Release(feature, fused);
        }

        return spent.Then(fused, head.Call);
    }

    /// <summary>
    /// Boxes (x1, y1, x2, y2) in input pixels from (P, 4) raw (tx, ty, tw, th) of the cells at columns
    /// <paramref name="cellX"/> and rows <paramref name="cellY"/> (P each, the raw tensor's dtype); differentiable.
    /// </summary>
    public static Tensor DecodeBoxes(Tensor raw, Tensor cellX, Tensor cellY)
    {
        var centreX = raw.Select(1, 0).Sigmoid().Mul(2).Sub(0.5).Add(cellX).Mul(Stride);
        var centreY = raw.Select(1, 1).Sigmoid().Mul(2).Sub(0.5).Add(cellY).Mul(Stride);
        var halfWidth = raw.Select(1, 2).Clamp(max: MaxLogSize).Exp().Mul(Stride / 2.0);
        var halfHeight = raw.Select(1, 3).Clamp(max: MaxLogSize).Exp().Mul(Stride / 2.0);
        return Tensor.Stack([centreX.Sub(halfWidth), centreY.Sub(halfHeight), centreX.Add(halfWidth), centreY.Add(halfHeight)], 1);
    }

    // tx, ty 0 (cell centre), tw, th log(InitialBoxSize / Stride), objectness and classes logit(PriorProbability)
    private void InitializePredictionBias()
    {
        var prediction = (Conv2d)head[^1];
        double prior = Math.Log(PriorProbability / (1 - PriorProbability));
        double logSize = Math.Log(InitialBoxSize / Stride);
        var bias = new float[OutputsPerCell];
        bias[2] = bias[3] = (float)logSize;
        Array.Fill(bias, (float)prior, 4, OutputsPerCell - 4);
        using (GradMode.NoGrad())
        {
            prediction.Bias!.CopyFrom(Tensor.FromArray(bias, OutputsPerCell));
        }
    }
}
