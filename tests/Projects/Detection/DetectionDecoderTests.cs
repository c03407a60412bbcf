using IlgpuNet.Detection;
using IlgpuNet.Tensors;

namespace IlgpuNet.Tests.Projects.Detection;

/// <summary>From raw detector output to detections: decoding, scores, the threshold and class-wise NMS, on a 2×2 grid laid out by hand.</summary>
public class DetectionDecoderTests
{
    [Fact]
    public void Decode_ScoresThresholdsAndSuppressesPerClass()
    {
        static double Logit(double p) => Math.Log(p / (1 - p));
        static double Sigmoid(double x) => 1 / (1 + Math.Exp(-x));
        var raw = new double[7, 2, 2]; // (tx, ty, tw, th, objectness, class 0, class 1) × row × column; tw = th = 0: 8×8 boxes
        void Cell(int row, int column, double tx, double objectness, double class0, double class1)
        {
            (raw[0, row, column], raw[4, row, column], raw[5, row, column], raw[6, row, column]) = (tx, objectness, class0, class1);
        }

        Cell(0, 0, 0, 3, -5, 4);                  // centre (4, 4): box (0, 0)-(8, 8), class 1
        Cell(0, 1, Logit(0.0625), 2, -5, 4);      // centre (5, 4): box (1, 0)-(9, 8), IoU 56/72 with the first: suppressed
        Cell(1, 0, 0, 2.5, 3, -5);                // centre (4, 12): box (0, 8)-(8, 16), class 0
        Cell(1, 1, 0, -10, 0, 0);                 // score below the threshold
        var predictions = Tensor.FromArray(raw.Cast<double>().ToArray(), 1, 7, 2, 2);

        var found = new DetectionDecoder(ScoreThreshold: 0.01).Decode(predictions).Single();

        Assert.Equal(2, found.Count);
        Assert.Equal(new LabeledBox(1, 0, 0, 8, 8), found[0].Box);
        Assert.Equal(Sigmoid(3) * Sigmoid(4), found[0].Score, 12);
        Assert.Equal(new LabeledBox(0, 0, 8, 8, 16), found[1].Box);
        Assert.Equal(Sigmoid(2.5) * Sigmoid(3), found[1].Score, 12);
        Assert.Equal(3, new DetectionDecoder(ScoreThreshold: 0.01, IouThreshold: 0.8).Decode(predictions).Single().Count);
        Assert.Single(new DetectionDecoder(ScoreThreshold: 0.01, MaxDetections: 1).Decode(predictions).Single());
    }
}
