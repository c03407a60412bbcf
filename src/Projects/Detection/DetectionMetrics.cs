namespace IlgpuNet.Detection;

/// <summary>
/// Average precision of a detector on one split (<see cref="AveragePrecision"/>): per class and IoU threshold, the
/// interpolated precision at the 101 recall points, and the ground-truth count per class. A class without ground truth
/// has NaN APs and does not enter the means (as in COCO).
/// </summary>
public sealed record DetectionMetrics(double[] IouThresholds, double[][] ClassAp, double[][] PrecisionAtIou50, int[] GroundTruthCounts)
{
    /// <summary>Recall levels 0, 0.01, ..., 1 at which precision is read (COCO's 101-point interpolation).</summary>
    public static double[] RecallThresholds { get; } = Enumerable.Range(0, 101).Select(i => i / 100.0).ToArray();

    /// <summary>COCO's thresholds 0.50, 0.55, ..., 0.95.</summary>
    public static double[] CocoIouThresholds { get; } = Enumerable.Range(0, 10).Select(i => 0.5 + 0.05 * i).ToArray();

    public int ClassCount => ClassAp.Length;

    /// <summary>mAP@0.5: the mean over classes of AP at IoU 0.5.</summary>
    public double Map50 => MeanOverClasses(c => ClassAp[c][0]);

    /// <summary>mAP@0.5:0.95: the mean over classes of AP averaged over the IoU thresholds.</summary>
    public double Map => MeanOverClasses(Ap);

    /// <summary>AP of one class at IoU 0.5.</summary>
    public double Ap50(int c) => ClassAp[c][0];

    /// <summary>AP of one class averaged over the IoU thresholds.</summary>
    public double Ap(int c) => ClassAp[c].Average();

    private double MeanOverClasses(Func<int, double> ap)
    {
        var present = Enumerable.Range(0, ClassCount).Where(c => GroundTruthCounts[c] > 0).ToList();
        return present.Count == 0 ? double.NaN : present.Average(ap);
    }
}
