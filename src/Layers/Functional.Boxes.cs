using IlgpuNet.Tensors;

namespace IlgpuNet.Layers;

/// <summary>
/// Box operations of torchvision.ops on (N, 4) boxes as (x1, y1, x2, y2) corners, x2 ≥ x1 and y2 ≥ y1: areas, pairwise
/// IoU and generalized IoU (differentiable, made of elementwise ops), non-maximum suppression (on the host: a greedy
/// loop with data-dependent length).
/// </summary>
public static partial class Functional
{
    /// <summary>(x2 - x1)(y2 - y1) of (N, 4) boxes: (N).</summary>
    public static Tensor BoxArea(Tensor boxes)
    {
        RequireBoxes("box_area", boxes);
        return boxes.Select(1, 2).Sub(boxes.Select(1, 0)).Mul(boxes.Select(1, 3).Sub(boxes.Select(1, 1)));
    }

    /// <summary>Intersection over union of every pair: (N, 4) and (M, 4) boxes → (N, M) (torchvision.ops.box_iou).</summary>
    public static Tensor BoxIou(Tensor boxes1, Tensor boxes2)
    {
        var (intersection, union) = IntersectionAndUnion("box_iou", boxes1, boxes2);
        return intersection.Div(union);
    }

    /// <summary>
    /// Generalized IoU of every pair (torchvision.ops.generalized_box_iou): IoU - (C - U) / C, C the area of the smallest
    /// box enclosing both, U their union; in [-1, 1]. (N, 4) and (M, 4) → (N, M).
    /// </summary>
    public static Tensor GeneralizedBoxIou(Tensor boxes1, Tensor boxes2)
    {
        var (intersection, union) = IntersectionAndUnion("generalized_box_iou", boxes1, boxes2);
        var iou = intersection.Div(union);
        var (a, b) = (boxes1.Unsqueeze(1), boxes2.Unsqueeze(0));
        var topLeft = a.Narrow(2, 0, 2).Minimum(b.Narrow(2, 0, 2));
        var bottomRight = a.Narrow(2, 2, 2).Maximum(b.Narrow(2, 2, 2));
        var size = bottomRight.Sub(topLeft).Clamp(min: 0);
        var enclosing = size.Select(2, 0).Mul(size.Select(2, 1));
        return iou.Sub(enclosing.Sub(union).Div(enclosing));
    }

    /// <summary>
    /// 1 - GIoU of matching rows of two (N, 4) box sets, the box-regression loss (torchvision.ops.generalized_box_iou_loss,
    /// with its eps in both denominators, so degenerate boxes give a finite loss). Gradients flow to both.
    /// </summary>
    public static Tensor GeneralizedBoxIouLoss(Tensor boxes1, Tensor boxes2, Reduction reduction = Reduction.None, double eps = 1e-7)
    {
        RequireBoxes("generalized_box_iou_loss", boxes1);
        RequireSameShape("generalized_box_iou_loss", boxes1, boxes2);
        Tensor X1(Tensor t) => t.Select(1, 0);
        Tensor Y1(Tensor t) => t.Select(1, 1);
        Tensor X2(Tensor t) => t.Select(1, 2);
        Tensor Y2(Tensor t) => t.Select(1, 3);

        var overlapWidth = X2(boxes1).Minimum(X2(boxes2)).Sub(X1(boxes1).Maximum(X1(boxes2))).Clamp(min: 0);
        var overlapHeight = Y2(boxes1).Minimum(Y2(boxes2)).Sub(Y1(boxes1).Maximum(Y1(boxes2))).Clamp(min: 0);
        var intersection = overlapWidth.Mul(overlapHeight);
        var union = BoxArea(boxes1).Add(BoxArea(boxes2)).Sub(intersection);
        var iou = intersection.Div(union.Add(eps));

        var enclosingWidth = X2(boxes1).Maximum(X2(boxes2)).Sub(X1(boxes1).Minimum(X1(boxes2)));
        var enclosingHeight = Y2(boxes1).Maximum(Y2(boxes2)).Sub(Y1(boxes1).Minimum(Y1(boxes2)));
        var enclosing = enclosingWidth.Mul(enclosingHeight);
        var generalized = iou.Sub(enclosing.Sub(union).Div(enclosing.Add(eps)));
        return Reduce(generalized.Neg().Add(1.0), reduction);
    }

    /// <summary>
    /// Greedy non-maximum suppression (torchvision.ops.nms): boxes in order of decreasing score, each dropping the later
    /// ones whose IoU with it is above <paramref name="iouThreshold"/>. Returns the kept indices (int64), best first.
    /// </summary>
    public static Tensor Nms(Tensor boxes, Tensor scores, double iouThreshold)
    {
        RequireBoxes("nms", boxes);
        RequireScores("nms", boxes, scores);
        var kept = GreedyNms(boxes.ToDoubleArray(), scores.ToDoubleArray(), Enumerable.Range(0, boxes.Size(0)), iouThreshold).ToArray();
        return Tensor.FromArray(kept, kept.Length).To(boxes.Device);
    }

    /// <summary>
    /// Non-maximum suppression within each category (torchvision.ops.batched_nms): boxes of different
    /// <paramref name="categories"/> (int64, one per box) never suppress each other. Returns the kept indices, best first.
    /// </summary>
    public static Tensor BatchedNms(Tensor boxes, Tensor scores, Tensor categories, double iouThreshold)
    {
        RequireBoxes("batched_nms", boxes);
        RequireScores("batched_nms", boxes, scores);
        if (categories.Rank != 1 || categories.Size(0) != boxes.Size(0))
        {
            throw new ArgumentException($"batched_nms: expected one category per box ({boxes.Size(0)}), got shape {ShapeRules.Format(categories.Shape)}");
        }

        var corners = boxes.ToDoubleArray();
        var score = scores.ToDoubleArray();
        var kept = categories.ToArray<long>().Select((category, index) => (category, index)).GroupBy(c => c.category)
            .SelectMany(group => GreedyNms(corners, score, group.Select(c => c.index), iouThreshold))
            .OrderByDescending(index => score[index]).ThenBy(index => index).ToArray();
        return Tensor.FromArray(kept, kept.Length).To(boxes.Device);
    }

    // the candidates by decreasing score (ties by index); a box survives unless a kept one overlaps it by more than the threshold
    private static IEnumerable<long> GreedyNms(double[] corners, double[] scores, IEnumerable<int> candidates, double iouThreshold)
    {
        var order = candidates.OrderByDescending(i => scores[i]).ThenBy(i => i).ToArray();
        var suppressed = new bool[order.Length];
        for (int a = 0; a < order.Length; a++)
        {
            if (suppressed[a])
            {
                continue;
            }

            yield return order[a];
            for (int b = a + 1; b < order.Length; b++)
            {
                if (!suppressed[b] && PairIou(corners, order[a], order[b]) > iouThreshold)
                {
                    suppressed[b] = true;
                }
            }
        }
    }

    private static double PairIou(double[] corners, int i, int j)
    {
        double width = Math.Min(corners[4 * i + 2], corners[4 * j + 2]) - Math.Max(corners[4 * i], corners[4 * j]);
        double height = Math.Min(corners[4 * i + 3], corners[4 * j + 3]) - Math.Max(corners[4 * i + 1], corners[4 * j + 1]);
        double intersection = Math.Max(width, 0) * Math.Max(height, 0);
        double Area(int k) => (corners[4 * k + 2] - corners[4 * k]) * (corners[4 * k + 3] - corners[4 * k + 1]);
        double union = Area(i) + Area(j) - intersection;
        return union > 0 ? intersection / union : 0;
    }

    // (N, 4) and (M, 4) → pairwise intersection and union areas, each (N, M)
    private static (Tensor Intersection, Tensor Union) IntersectionAndUnion(string op, Tensor boxes1, Tensor boxes2)
    {
        RequireBoxes(op, boxes1);
        RequireBoxes(op, boxes2);
        var (a, b) = (boxes1.Unsqueeze(1), boxes2.Unsqueeze(0));
        var topLeft = a.Narrow(2, 0, 2).Maximum(b.Narrow(2, 0, 2));
        var bottomRight = a.Narrow(2, 2, 2).Minimum(b.Narrow(2, 2, 2));
        var size = bottomRight.Sub(topLeft).Clamp(min: 0);
        var intersection = size.Select(2, 0).Mul(size.Select(2, 1));
        var union = BoxArea(boxes1).Unsqueeze(1).Add(BoxArea(boxes2).Unsqueeze(0)).Sub(intersection);
        return (intersection, union);
    }

    private static void RequireBoxes(string op, Tensor boxes)
    {
        if (boxes.Rank != 2 || boxes.Size(1) != 4)
        {
            throw new ArgumentException($"{op}: boxes must be (N, 4) as (x1, y1, x2, y2), got shape {ShapeRules.Format(boxes.Shape)}");
        }
    }

    private static void RequireScores(string op, Tensor boxes, Tensor scores)
    {
        if (scores.Rank != 1 || scores.Size(0) != boxes.Size(0))
        {
            throw new ArgumentException($"{op}: expected one score per box ({boxes.Size(0)}), got shape {ShapeRules.Format(scores.Shape)}");
        }
    }
}
