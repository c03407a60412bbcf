namespace IlgpuNet.Detection;

/// <summary>
/// COCO-style average precision (pycocotools' evaluate and accumulate, boxes only, no crowd or area ranges). For each
/// class and IoU threshold: each image's detections, best first, are matched in turn to the unmatched ground-truth box
/// of that class they overlap most, if by at least the threshold; over all images, detections sorted by score give
/// the precision-recall curve; precision is made non-increasing in recall from the right and read at the 101 recall
/// levels 0, 0.01, ..., 1 (zero past the highest recall reached); AP is their mean.
/// </summary>
public static class AveragePrecision
{
    /// <param name="detections">Per image, what the detector found.</param>
    /// <param name="truths">Per image, the ground-truth boxes.</param>
    /// <param name="classCount">Classes 0..classCount-1.</param>
    /// <param name="iouThresholds">Null: COCO's 0.50:0.05:0.95 (the first threshold is the one of <see cref="DetectionMetrics.PrecisionAtIou50"/>).</param>
    public static DetectionMetrics Evaluate(IReadOnlyList<IReadOnlyList<DetectedObject>> detections, IReadOnlyList<IReadOnlyList<LabeledBox>> truths,
        int classCount, double[]? iouThresholds = null)
    {
        if (detections.Count != truths.Count)
        {
            throw new ArgumentException($"average precision: detections for {detections.Count} images, ground truth for {truths.Count}");
        }

        var thresholds = iouThresholds ?? DetectionMetrics.CocoIouThresholds;
        var counts = new int[classCount];
        foreach (var box in truths.SelectMany(t => t))
        {
            counts[box.Class]++;
        }

        var ap = new double[classCount][];
        var curves = new double[classCount][];
        for (int c = 0; c < classCount; c++)
        {
            ap[c] = new double[thresholds.Length];
            for (int t = 0; t < thresholds.Length; t++)
            {
                var precision = counts[c] == 0 ? null : InterpolatedPrecision(detections, truths, c, thresholds[t], counts[c]);
                ap[c][t] = precision?.Average() ?? double.NaN;
                if (t == 0)
                {
                    curves[c] = precision ?? DetectionMetrics.RecallThresholds.Select(_ => double.NaN).ToArray();
                }
            }
        }

        return new DetectionMetrics(thresholds, ap, curves, counts);
    }

    // precision at the 101 recall levels for one class and threshold
    private static double[] InterpolatedPrecision(IReadOnlyList<IReadOnlyList<DetectedObject>> detections, IReadOnlyList<IReadOnlyList<LabeledBox>> truths,
        int category, double threshold, int truthCount)
    {
        var scored = new List<(double Score, bool TruePositive)>();
        for (int image = 0; image < detections.Count; image++)
        {
            var found = detections[image].Where(d => d.Box.Class == category).OrderByDescending(d => d.Score).ToList(); // stable, as mergesort
            var objects = truths[image].Where(b => b.Class == category).ToList();
            var matched = new bool[objects.Count];
            foreach (var detection in found)
            {
                int match = -1;
                double best = Math.Min(threshold, 1 - 1e-10);
                for (int g = 0; g < objects.Count; g++)
                {
                    double iou = detection.Box.Iou(objects[g]);
                    if (!matched[g] && iou >= best)
                    {
                        (best, match) = (iou, g);
                    }
                }

                if (match >= 0)
                {
                    matched[match] = true;
                }

                scored.Add((detection.Score, match >= 0));
            }
        }

        var ordered = scored.OrderByDescending(s => s.Score).ToList(); // stable: images in order within a tied score
        var precision = new double[ordered.Count];
        var recall = new double[ordered.Count];
        int truePositives = 0;
        for (int i = 0; i < ordered.Count; i++)
        {
            truePositives += ordered[i].TruePositive ? 1 : 0;
            recall[i] = truePositives / (double)truthCount;
            precision[i] = truePositives / (i + 1.0);
        }

        for (int i = ordered.Count - 1; i > 0; i--)
        {
            precision[i - 1] = Math.Max(precision[i - 1], precision[i]);
        }

        // the first detection whose recall reaches each level (numpy's searchsorted, side 'left')
        var result = new double[DetectionMetrics.RecallThresholds.Length];
        int position = 0;
        for (int r = 0; r < result.Length; r++)
        {
            while (position < recall.Length && recall[position] < DetectionMetrics.RecallThresholds[r])
            {
                position++;
            }

            result[r] = position < recall.Length ? precision[position] : 0;
        }

        return result;
    }
}
