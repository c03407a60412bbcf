using System.Text.Json;
using IlgpuNet.Detection;

namespace IlgpuNet.Tests.Projects.Detection;

/// <summary>COCO-style average precision: a case worked by hand, and a NumPy implementation of pycocotools' evaluation (tests/fixtures/make_detection_fixtures.py).</summary>
public class AveragePrecisionTests
{
    [Fact]
    public void HandWorkedScenes_GiveTheirAveragePrecisionAtTwoThresholds()
    {
        // class 0: image A has objects g1 and g2, image B has g3. Detections by score: d1 (0.9) on g1, d2 (0.8) on g2
        // with IoU 81/119 = 0.68, d3 (0.7) on nothing, d4 (0.6, image B) on g3.
        // IoU 0.5: TP TP FP TP → recall 1/3 2/3 2/3 1, precision 1 1 2/3 3/4, made non-increasing: 1 1 .75 .75;
        //   the 67 recall levels up to 0.66 read 1 and the 34 above read 0.75: AP = (67 + 25.5) / 101.
        // IoU 0.75: TP FP FP TP → recall 1/3 1/3 1/3 2/3, precision 1 .5 .33 .5 → 1 .5 .5 .5; 34 levels read 1, the 33
        //   up to 0.66 read 0.5, the 34 above 2/3 are never reached: AP = (34 + 16.5) / 101 = 0.5.
        // class 1 has an object in image B and no detection: AP 0. Class 2 has a detection and no object: no AP.
        var truths = new[]
        {
            new[] { new LabeledBox(0, 0, 0, 10, 10), new LabeledBox(0, 20, 20, 30, 30) },
            new[] { new LabeledBox(0, 0, 0, 10, 10), new LabeledBox(1, 40, 40, 50, 50) },
        };
        var detections = new[]
        {
            new[] { new DetectedObject(new LabeledBox(0, 0, 0, 10, 10), 0.9), new DetectedObject(new LabeledBox(0, 21, 21, 31, 31), 0.8), new DetectedObject(new LabeledBox(0, 50, 50, 60, 60), 0.7) },
            new[] { new DetectedObject(new LabeledBox(0, 0, 0, 10, 10), 0.6), new DetectedObject(new LabeledBox(2, 0, 0, 10, 10), 0.5) },
        };

        var metrics = AveragePrecision.Evaluate(detections, truths, classCount: 3, iouThresholds: [0.5, 0.75]);

        Assert.Equal(92.5 / 101, metrics.ClassAp[0][0], 12);
        Assert.Equal(0.5, metrics.ClassAp[0][1], 12);
        Assert.Equal([0.0, 0.0], metrics.ClassAp[1]);
        Assert.All(metrics.ClassAp[2], ap => Assert.True(double.IsNaN(ap)));
        Assert.Equal([3, 1, 0], metrics.GroundTruthCounts);
        Assert.Equal((92.5 / 101 + 0) / 2, metrics.Map50, 12);
        Assert.Equal((92.5 / 101 + 0.5) / 4, metrics.Map, 12);
        Assert.Equal(1.0, metrics.PrecisionAtIou50[0][66]);
        Assert.Equal(0.75, metrics.PrecisionAtIou50[0][67]);
    }

    [Fact]
    public void RandomScenes_MatchTheNumPyReferenceOfPycocotoolsEvaluation()
    {
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "fixtures", "detection", "map_reference.json")));
        var root = json.RootElement;
        int classes = root.GetProperty("classes").GetInt32();
        var truths = new List<IReadOnlyList<LabeledBox>>();
        var detections = new List<IReadOnlyList<DetectedObject>>();
        foreach (var image in root.GetProperty("images").EnumerateArray())
        {
            truths.Add(Boxes(image.GetProperty("gt_boxes"), image.GetProperty("gt_classes")).ToList());
            var scores = image.GetProperty("det_scores").EnumerateArray().Select(s => s.GetDouble()).ToList();
            detections.Add(Boxes(image.GetProperty("det_boxes"), image.GetProperty("det_classes")).Select((box, i) => new DetectedObject(box, scores[i])).ToList());
        }

        var metrics = AveragePrecision.Evaluate(detections, truths, classes);

        var expectedAp = root.GetProperty("ap").EnumerateArray().ToList();
        var expectedCurves = root.GetProperty("precision_iou50").EnumerateArray().ToList();
        for (int c = 0; c < classes; c++)
        {
            Assert.Equal(Values(expectedAp[c]), metrics.ClassAp[c], (e, a) => Same(e, a));
            Assert.Equal(Values(expectedCurves[c]), metrics.PrecisionAtIou50[c], (e, a) => Same(e, a));
        }

        Assert.True(metrics.ClassAp[3].All(double.IsNaN), "class 3 has no ground truth");
        Assert.Equal(root.GetProperty("map50").GetDouble(), metrics.Map50, 12);
        Assert.Equal(root.GetProperty("map").GetDouble(), metrics.Map, 12);
    }

    private static IEnumerable<LabeledBox> Boxes(JsonElement boxes, JsonElement classes) => boxes.EnumerateArray().Zip(classes.EnumerateArray(), (box, c) =>
    {
        var v = box.EnumerateArray().Select(x => x.GetDouble()).ToArray();
        return new LabeledBox(c.GetInt32(), v[0], v[1], v[2], v[3]);
    });

    private static double[] Values(JsonElement row) => row.EnumerateArray().Select(v => v.ValueKind == JsonValueKind.Null ? double.NaN : v.GetDouble()).ToArray();

    private static bool Same(double expected, double actual) => double.IsNaN(expected) ? double.IsNaN(actual) : Math.Abs(expected - actual) < 1e-12;
}
