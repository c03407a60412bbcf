using IlgpuNet.Autograd;
using IlgpuNet.Kernels;
using IlgpuNet.Layers.Models;
using IlgpuNet.Tensors;

namespace IlgpuNet.Layers;

/// <summary>
/// The training loss of <see cref="YoloDetector"/> on (N, 5 + C, H, W) raw predictions and (N, M, 5) targets of
/// (class, x1, y1, x2, y2) rows in input pixels, class −1 padding images with fewer objects. Cells are assigned by
/// <see cref="YoloTargets"/>; over the P positive cells, box regression is the mean of 1 − GIoU
/// (<see cref="Functional.GeneralizedBoxIouLoss"/>) and classification BCEcls
/// (<see cref="Functional.OneHotBinaryCrossEntropyWithLogits"/>, summed over classes); objectness is binary
/// cross-entropy with logits over every cell, whose target is the detached GIoU of its box clamped at 0 on positive cells
/// (YOLOv5: confidence learns box quality) and 0 elsewhere. Objectness and classification are sums divided by P (YOLOX),
/// so the few positives are not drowned by the many empty cells. Total = box·5 + objectness + classification by default.
/// </summary>
public sealed class YoloLoss(int numClasses, double boxWeight = 5, double objectnessWeight = 1, double classWeight = 1, double labelSmoothing = 0)
    : Loss(Reduction.Mean)
{
    public int NumClasses { get; } = numClasses;

    public double BoxWeight { get; } = boxWeight;

    public double ObjectnessWeight { get; } = objectnessWeight;

    public double ClassWeight { get; } = classWeight;

    public double LabelSmoothing { get; } = labelSmoothing;

    public override Tensor Forward(Tensor input, Tensor target) => Compute(input, target).Total;

    /// <summary>The weighted total and its three terms (unweighted).</summary>
    public YoloLossParts Compute(Tensor predictions, Tensor targets)
    {
        if (predictions.Rank != 4 || predictions.Size(1) != 5 + NumClasses)
        {
            throw new ArgumentException($"yolo loss: expected (N, {5 + NumClasses}, H, W) predictions for {NumClasses} classes, got {ShapeRules.Format(predictions.Shape)}");
        }

        if (targets.Size(0) != predictions.Size(0))
        {
            throw new ArgumentException($"yolo loss: {predictions.Size(0)} images predicted but targets for {targets.Size(0)}");
        }

        int images = predictions.Size(0), gridHeight = predictions.Size(2), gridWidth = predictions.Size(3);
        var assigned = YoloTargets.Assign(targets, gridHeight, gridWidth, NumClasses);
        var device = predictions.Device;
        var rows = predictions.Permute(0, 2, 3, 1).Reshape(images * gridHeight * gridWidth, 5 + NumClasses); // a row per cell
        var objectness = rows.Select(1, 4);
        var zero = Tensor.Zeros([], predictions.DType, device);
        if (assigned.Count == 0)
        {
            var empty = Functional.BinaryCrossEntropyWithLogits(objectness, Tensor.ZerosLike(objectness), reduction: Reduction.Sum);
            return new YoloLossParts(empty.Mul(ObjectnessWeight), zero, empty, zero, 0);
        }

        Tensor Host(double[] values, params int[] shape) => Tensor.FromArray(values, shape).To(predictions.DType).To(device);
        var cells = Tensor.FromArray(assigned.Cells, assigned.Count).To(device);
        var positives = rows.IndexSelect(0, cells);                                                   // (P, 5 + C)
        var boxes = YoloDetector.DecodeBoxes(positives.Narrow(1, 0, 4), Host(assigned.CellX, assigned.Count), Host(assigned.CellY, assigned.Count));
        var boxLosses = Functional.GeneralizedBoxIouLoss(boxes, Host(assigned.Boxes, assigned.Count, 4));  // (P)
        Tensor objectnessTarget;
        using (GradMode.NoGrad())
        {
            var quality = boxLosses.Detach().Neg().Add(1.0).Clamp(min: 0);
            objectnessTarget = Tensor.ZerosLike(objectness).ScatterAdd(0, cells, quality);
        }

        double positiveCount = assigned.Count;
        var box = boxLosses.Mean();
        var objectnessLoss = Functional.BinaryCrossEntropyWithLogits(objectness, objectnessTarget, reduction: Reduction.Sum).Div(positiveCount);
        var classes = Tensor.FromArray(assigned.Classes, assigned.Count).To(device);
        var classification = Functional.OneHotBinaryCrossEntropyWithLogits(positives.Narrow(1, 5, NumClasses), classes, LabelSmoothing, Reduction.Sum)
            .Div(positiveCount);
        var total = box.Mul(BoxWeight).Add(objectnessLoss.Mul(ObjectnessWeight)).Add(classification.Mul(ClassWeight));
        return new YoloLossParts(total, box, objectnessLoss, classification, assigned.Count);
    }
}
