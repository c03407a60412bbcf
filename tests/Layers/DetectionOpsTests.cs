using IlgpuNet.Kernels;
using IlgpuNet.Layers;
using IlgpuNet.Layers.Models;
using IlgpuNet.Tensors;
using static IlgpuNet.Tests.Layers.Assertions;

namespace IlgpuNet.Tests.Layers;

/// <summary>
/// Box IoU, GIoU, NMS and the detection losses against torchvision.ops and PyTorch (tests/fixtures/make_detection_fixtures.py
/// writes detection.safetensors), gradients against finite differences, and the YOLO assignment worked by hand.
/// </summary>
public class DetectionOpsTests
{
    private static Fixture F => Fixture.Load("detection.safetensors");

    public static TheoryData<string> NmsCases => new() { "nms_3", "nms_5", "nms_7" };

    public static TheoryData<string> GiouLossCases => new() { "giou_loss_none", "giou_loss_mean", "giou_loss_sum" };

    public static TheoryData<string> BceClsCases => new() { "bcecls_mean", "bcecls_smooth_sum", "bcecls_smooth_none" };

    public static TheoryData<string> YoloLossCases => new() { "yolo_loss", "yolo_loss_smooth" };

    [Fact]
    public void BoxIouAndGeneralizedBoxIou_MatchTorchvision()
    {
        Tensor a = F["pairwise", "a"], b = F["pairwise", "b"];
        Close(F["pairwise", "iou"], Functional.BoxIou(a, b), 1e-12, "box_iou");
        Close(F["pairwise", "giou"], Functional.GeneralizedBoxIou(a, b), 1e-12, "generalized_box_iou");
    }

    [Fact]
    public void BoxIou_OfHandPlacedBoxes()
    {
        var a = Tensor.FromArray([0.0, 0, 2, 2, 0, 0, 4, 4], 2, 4);
        var b = Tensor.FromArray([1.0, 1, 3, 3, 5, 5, 6, 6], 2, 4);
        // [0,2]² ∩ [1,3]² = 1, union 7; [0,4]² ∩ [1,3]² = 4, union 16; nothing meets [5,6]²
        Close(Tensor.FromArray([1 / 7.0, 0, 4 / 16.0, 0], 2, 2), Functional.BoxIou(a, b), 1e-15, "iou");
        // GIoU of [0,2]² and [5,6]²: 0 - (36 - 5) / 36
        Assert.Equal(-31 / 36.0, Functional.GeneralizedBoxIou(a, b)[0, 1], 12);
    }

    [Theory]
    [MemberData(nameof(NmsCases))]
    public void Nms_AndBatchedNms_KeepWhatTorchvisionKeeps(string name)
    {
        double threshold = F.Case(name).GetProperty("iou_threshold").GetDouble();
        Tensor boxes = F[name, "boxes"], scores = F[name, "scores"];
        Assert.Equal(F[name, "keep"].ToArray<long>(), Functional.Nms(boxes, scores, threshold).ToArray<long>());
        Assert.Equal(F[name, "batched_keep"].ToArray<long>(), Functional.BatchedNms(boxes, scores, F[name, "categories"], threshold).ToArray<long>());
    }

    [Fact]
    public void Nms_DropsOnlyOverlapsAboveTheThreshold()
    {
        // box 1 overlaps box 0 with IoU 0.6, box 2 overlaps box 0 with IoU 1/3 and box 1 with 3/13
        var boxes = Tensor.FromArray([0.0, 0, 10, 10, 0, 0, 10, 6, 5, 0, 15, 10], 3, 4);
        var scores = Tensor.FromArray([0.9, 0.8, 0.7], 3);
        Assert.Equal([0L, 2], Functional.Nms(boxes, scores, 0.5).ToArray<long>());
        Assert.Equal([0L], Functional.Nms(boxes, scores, 0.3).ToArray<long>());
        Assert.Equal([0L, 1, 2], Functional.BatchedNms(boxes, scores, Tensor.FromArray([0L, 1, 2], 3), 0.3).ToArray<long>());
        Assert.Empty(Functional.Nms(Tensor.Zeros([0, 4], DType.Float64), Tensor.Zeros([0], DType.Float64), 0.5).ToArray<long>());
    }

    [Theory]
    [MemberData(nameof(GiouLossCases))]
    public void GeneralizedBoxIouLoss_ValueAndGradients_MatchTorchvision(string name)
    {
        var reduction = Enum.Parse<Reduction>(F.Case(name).GetProperty("reduction").GetString()!, ignoreCase: true);
        Tensor a = F.Leaf(name, "boxes1"), b = F.Leaf(name, "boxes2");
        var y = new GeneralizedBoxIouLoss(reduction).Call(a, b);
        Close(F[name, "y"], y, 1e-12, "loss");
        y.Backward(F[name, "gy"]);
        Close(F[name, "g1"], a.Grad, 1e-10, "d boxes1");
        Close(F[name, "g2"], b.Grad, 1e-10, "d boxes2");
    }

    [Fact]
    public void GeneralizedBoxIouLoss_GradientMatchesFiniteDifferences()
    {
        // overlapping and disjoint pairs, away from the kinks where an edge of one box meets an edge of the other
        var predicted = Tensor.FromArray([0.0, 0.3, 2.1, 2.6, 5.2, 4.9, 7.3, 8.1, 1.1, 0.2, 1.9, 1.4], 3, 4);
        var target = Tensor.FromArray([0.7, 1.2, 3.4, 3.1, 0.4, 0.1, 1.6, 1.8, 0.5, 0.6, 2.5, 2.2], 3, 4);
        predicted.RequiresGrad = target.RequiresGrad = true;
        GradientsMatch(t => Functional.GeneralizedBoxIouLoss(t[0], t[1], Reduction.Sum), predicted, target);
    }

    [Theory]
    [MemberData(nameof(BceClsCases))]
    public void OneHotBCEWithLogits_MatchesPyTorchOnSmoothedOneHotTargets(string name)
    {
        var c = F.Case(name);
        var reduction = Enum.Parse<Reduction>(c.GetProperty("reduction").GetString()!, ignoreCase: true);
        var x = F.Leaf(name, "x");
        var y = new OneHotBCEWithLogitsLoss(c.GetProperty("label_smoothing").GetDouble(), reduction).Call(x, F[name, "classes"]);
        Close(F[name, "y"], y, 1e-12, "loss");
        y.Backward(F[name, "gy"]);
        Close(F[name, "gx"], x.Grad, 1e-12, "dx");
    }

    [Fact]
    public void OneHotBCEWithLogits_GradientMatchesFiniteDifferences_AndRejectsUnknownClasses()
    {
        var classes = Tensor.FromArray([2L, 0, 1], 3);
        GradientsMatch(t => Functional.OneHotBinaryCrossEntropyWithLogits(t[0], classes, labelSmoothing: 0.1), Leaf(3, 4));
        Assert.ThrowsAny<ArgumentException>(() => Functional.OneHotBinaryCrossEntropyWithLogits(Leaf(3, 2), classes));
        Assert.Throws<ArgumentException>(() => Functional.OneHotBinaryCrossEntropyWithLogits(Leaf(3, 4), classes.Double()));
    }

    [Theory]
    [MemberData(nameof(YoloLossCases))]
    public void YoloLoss_TermsAndGradient_MatchTheDetectorLossWrittenInPyTorch(string name)
    {
        var c = F.Case(name);
        var predictions = F.Leaf(name, "predictions");
        var loss = new YoloLoss(c.GetProperty("classes").GetInt32(), labelSmoothing: c.GetProperty("label_smoothing").GetDouble());
        var parts = loss.Compute(predictions, F[name, "targets"]);
        Assert.Equal(c.GetProperty("positives").GetInt32(), parts.Positives);
        Close(F[name, "box"], parts.Box, 1e-12, "box");
        Close(F[name, "obj"], parts.Objectness, 1e-12, "objectness");
        Close(F[name, "cls"], parts.Classification, 1e-12, "classification");
        Close(F[name, "total"], parts.Total, 1e-12, "total");
        parts.Total.Backward();
        Close(F[name, "grad"], predictions.Grad, 1e-10, "d predictions");
    }

    [Fact]
    public void YoloTargets_TrainTheCentreCellAndItsNearerNeighbours()
    {
        // one object centred at (20, 13) px on a 4×5 grid of 8-px cells: centre cell (column 2, row 1), at fractions
        // (0.5, 0.625) of it, so the right neighbour (0.5 is not below 0.5) and the one below; the second image's
        // object, centred at (6, 1) px in the top row, keeps its centre cell and the right neighbour (there is no row -1)
        var targets = Tensor.FromArray([0f, 16, 9, 24, 17, 1f, 4, 0, 8, 2], 2, 1, 5);
        var assigned = YoloTargets.Assign(targets, gridHeight: 4, gridWidth: 5, numClasses: 2);
        Assert.Equal([1 * 5 + 2, 1 * 5 + 3, 2 * 5 + 2, 20 + 0, 20 + 1], assigned.Cells.Select(c => (int)c));
        Assert.Equal([2.0, 3, 2, 0, 1], assigned.CellX);
        Assert.Equal([1.0, 1, 2, 0, 0], assigned.CellY);
        Assert.Equal([0L, 0, 0, 1, 1], assigned.Classes);
        Assert.Throws<ArgumentException>(() => YoloTargets.Assign(Tensor.FromArray([2f, 0, 0, 4, 4], 1, 1, 5), 4, 5, numClasses: 2));
    }

    [Fact]
    public void DecodeBoxes_InvertsTheParametrisation()
    {
        // the raw values that put a 24×16 box centred at (20, 13) in cell (2, 1): σ(tx) = (20/8 - 2 + 0.5) / 2 = 0.5
        double Logit(double p) => Math.Log(p / (1 - p));
        var raw = Tensor.FromArray([Logit(0.5), Logit((13 / 8.0 - 1 + 0.5) / 2), Math.Log(24 / 8.0), Math.Log(16 / 8.0)], 1, 4);
        var box = YoloDetector.DecodeBoxes(raw, Tensor.FromArray([2.0], 1), Tensor.FromArray([1.0], 1));
        Close(Tensor.FromArray([8.0, 5, 32, 21], 1, 4), box, 1e-12, "box");
    }

    [Fact]
    public void YoloDetector_GivesOneRowPerStride8Cell_AndGroupsParametersByPart()
    {
        var model = new YoloDetector(numClasses: 3);
        var output = model.Call(Tensor.Randn([2, 3, 64, 48]));
        Assert.Equal([2, 8, 8, 6], output.Shape);
        var parts = model.NamedParameters().Select(p => p.Name.Split('.')[0]).Distinct();
        Assert.Equal(["backbone", "neck", "head"], parts);
        Assert.Contains(model.NamedParameters(), p => p.Name == "backbone.layer3.1.conv2.weight"); // torchvision's ResNet names
        Assert.DoesNotContain(model.NamedParameters(), p => p.Name.StartsWith("backbone.layer4", StringComparison.Ordinal));
        Assert.Throws<ArgumentException>(() => model.Call(Tensor.Randn([1, 3, 40, 40])));
    }
}
