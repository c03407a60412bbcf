using System.Globalization;
using System.Text;

namespace IlgpuNet.Detection;

/// <summary>
/// YOLO's label files (Darknet, Ultralytics): one line per object, <c>class cx cy w h</c>, the box centre and size as
/// fractions of the image's width and height. Blank lines are skipped; a box reaching past the image is clipped to it.
/// </summary>
public static class YoloLabels
{
    /// <summary>The boxes of a label file, in pixels of a <paramref name="width"/> × <paramref name="height"/> image.</summary>
    /// <exception cref="InvalidDataException">A line is not a box of a known class; the message names the file and the line.</exception>
    public static IReadOnlyList<LabeledBox> Read(string path, int classCount, int width, int height)
    {
        var boxes = new List<LabeledBox>();
        var lines = File.ReadAllLines(path);
        for (int i = 0; i < lines.Length; i++)
        {
            var fields = lines[i].Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length == 0)
            {
                continue;
            }

            string Problem(string what) => $"{path}:{i + 1}: {what} (expected 'class cx cy w h', the box as fractions of the image, got '{lines[i].Trim()}')";
            if (fields.Length != 5)
            {
                throw new InvalidDataException(Problem($"{fields.Length} fields"));
            }

            if (!int.TryParse(fields[0], NumberStyles.None, CultureInfo.InvariantCulture, out int category) || category >= classCount)
            {
                throw new InvalidDataException(Problem($"class '{fields[0]}' is not one of the {classCount} classes 0..{classCount - 1}"));
            }

            var numbers = new double[4];
            for (int k = 0; k < 4; k++)
            {
                if (!double.TryParse(fields[k + 1], NumberStyles.Float, CultureInfo.InvariantCulture, out numbers[k]) || !double.IsFinite(numbers[k]))
                {
                    throw new InvalidDataException(Problem($"'{fields[k + 1]}' is not a number"));
                }
            }

            var (cx, cy, w, h) = (numbers[0], numbers[1], numbers[2], numbers[3]);
            if (cx < 0 || cx > 1 || cy < 0 || cy > 1 || w <= 0 || w > 1 || h <= 0 || h > 1)
            {
                throw new InvalidDataException(Problem("the centre must lie in [0, 1] and the size in (0, 1]"));
            }

            double x1 = Math.Max(0, cx - w / 2), y1 = Math.Max(0, cy - h / 2), x2 = Math.Min(1, cx + w / 2), y2 = Math.Min(1, cy + h / 2);
            boxes.Add(new LabeledBox(category, x1 * width, y1 * height, x2 * width, y2 * height));
        }

        return boxes;
    }

    /// <summary>The label file's text for boxes in pixels of a <paramref name="width"/> × <paramref name="height"/> image.</summary>
    public static string Format(IEnumerable<LabeledBox> boxes, int width, int height)
    {
        var text = new StringBuilder();
        foreach (var box in boxes)
        {
            text.AppendLine(string.Create(CultureInfo.InvariantCulture,
                $"{box.Class} {(box.X1 + box.X2) / 2 / width:F6} {(box.Y1 + box.Y2) / 2 / height:F6} {box.Width / width:F6} {box.Height / height:F6}"));
        }

        return text.ToString();
    }
}
