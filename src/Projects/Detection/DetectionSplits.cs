namespace IlgpuNet.Detection;

/// <summary>A detection data set's splits as the runner uses them (no test split: the validation split stands in), and where they came from.</summary>
public sealed record DetectionSplits(string Root, IReadOnlyList<string> ClassNames, YoloDataset Train, YoloDataset Validation, YoloDataset? Test, string Description)
{
    /// <summary>Opens a YOLO-layout data set's train, val and (when present) test splits.</summary>
    public static DetectionSplits Open(string root, string description)
    {
        var names = YoloDataset.ReadClassNames(root);
        var test = YoloDataset.HasSplit(root, "test") ? new YoloDataset(root, "test", names) : null;
        return new DetectionSplits(root, names, new YoloDataset(root, "train", names), new YoloDataset(root, "val", names), test, description);
    }
}
