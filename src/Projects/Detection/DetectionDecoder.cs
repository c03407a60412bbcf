using IlgpuNet.Autograd;
using IlgpuNet.Layers;
using IlgpuNet.Layers.Models;
using IlgpuNet.Tensors;

namespace IlgpuNet.Detection;

/// <summary>
/// From a <see cref="YoloDetector"/>'s raw output to detections: every cell's box decoded, scored as objectness ×
/// the probability of its most likely class, kept when the score reaches <see cref="ScoreThreshold"/>, then class-wise
/// non-maximum suppression at <see cref="IouThreshold"/> and the <see cref="MaxDetections"/> best per image. The
/// defaults are the evaluation's (COCO-style: a low threshold, since average precision ranks by score); pictures
/// use a higher threshold.
/// </summary>
public sealed record DetectionDecoder(double ScoreThreshold = 0.001, double IouThreshold = 0.5, int MaxDetections = 100)
{
    /// <summary>The detections of each image of a (N, 5 + C, H, W) output, best first; boxes clipped to the input.</summary>
    public IReadOnlyList<IReadOnlyList<DetectedObject>> Decode(Tensor predictions)
    {
        int images = predictions.Size(0), classes = predictions.Size(1) - 5, gridHeight = predictions.Size(2), gridWidth = predictions.Size(3);
        int cells = gridHeight * gridWidth;
        double[] corners, scores;
        using (GradMode.NoGrad())
        {
            var rows = predictions.Permute(0, 2, 3, 1).Reshape(images * cells, 5 + classes);
            var column = new float[images * cells];
            var line = new float[images * cells];
            for (int i = 0; i < column.Length; i++)
            {
                (column[i], line[i]) = (i % gridWidth, i / gridWidth % gridHeight);
            }

            Tensor Host(float[] values) => Tensor.FromArray(values, values.Length).To(rows.DType).To(rows.Device);
            corners = YoloDetector.DecodeBoxes(rows.Narrow(1, 0, 4), Host(column), Host(line)).ToDoubleArray();
            scores = rows.Narrow(1, 5, classes).Sigmoid().Mul(rows.Narrow(1, 4, 1).Sigmoid()).ToDoubleArray();
        }

        double width = gridWidth * YoloDetector.Stride, height = gridHeight * YoloDetector.Stride;
        var result = new List<IReadOnlyList<DetectedObject>>(images);
        for (int image = 0; image < images; image++)
        {
            var candidates = new List<DetectedObject>();
            for (int cell = image * cells; cell < (image + 1) * cells; cell++)
            {
                int best = 0;
                for (int c = 1; c < classes; c++)
                {
                    best = scores[cell * classes + c] > scores[cell * classes + best] ? c : best;
                }

                double score = scores[cell * classes + best];
                if (score >= ScoreThreshold)
                {
                    candidates.Add(new DetectedObject(new LabeledBox(best,
                        Math.Clamp(corners[4 * cell], 0, width), Math.Clamp(corners[4 * cell + 1], 0, height),
                        Math.Clamp(corners[4 * cell + 2], 0, width), Math.Clamp(corners[4 * cell + 3], 0, height)), score));
                }
            }

            result.Add(Suppress(candidates));
        }

        return result;
    }

    private List<DetectedObject> Suppress(List<DetectedObject> candidates)
    {
        if (candidates.Count == 0)
        {
            return candidates;
        }

        var boxes = Tensor.FromArray(candidates.SelectMany(d => new[] { d.Box.X1, d.Box.Y1, d.Box.X2, d.Box.Y2 }).ToArray(), candidates.Count, 4);
        var scores = Tensor.FromArray(candidates.Select(d => d.Score).ToArray(), candidates.Count);
        var classes = Tensor.FromArray(candidates.Select(d => (long)d.Box.Class).ToArray(), candidates.Count);
        var kept = Functional.BatchedNms(boxes, scores, classes, IouThreshold).ToArray<long>();
        return kept.Take(MaxDetections).Select(index => candidates[(int)index]).ToList();
    }
}
