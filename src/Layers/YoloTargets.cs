using IlgpuNet.Layers.Models;
using IlgpuNet.Tensors;

namespace IlgpuNet.Layers;

/// <summary>
/// Which cells of a <see cref="YoloDetector"/>'s grid learn which ground-truth box (YOLOv5's assignment without
/// anchors): the cell holding the box centre and, of its four neighbours, the one left or right and the one above or
/// below that lie nearer the centre, so every object trains three cells (fewer at the border). A cell claimed by two
/// objects learns the one whose centre is nearer the cell's centre. Rows are in order of their flat cell index
/// (image, row, column), which makes the loss independent of the order of objects.
/// </summary>
public sealed record YoloTargets(long[] Cells, double[] CellX, double[] CellY, double[] Boxes, long[] Classes)
{
    /// <summary>Positive cells (the rows of the loss's box and class terms).</summary>
    public int Count => Cells.Length;

    /// <summary>
    /// The assignment for a (N, M, 5) target tensor of (class, x1, y1, x2, y2) rows in input pixels (class &lt; 0: padding)
    /// on grids of <paramref name="gridHeight"/> × <paramref name="gridWidth"/> cells of <see cref="YoloDetector.Stride"/> pixels.
    /// </summary>
    public static YoloTargets Assign(Tensor targets, int gridHeight, int gridWidth, int numClasses)
    {
        if (targets.Rank != 3 || targets.Size(2) != 5)
        {
            throw new ArgumentException($"yolo targets: expected (N, M, 5) rows of (class, x1, y1, x2, y2), got {ShapeRules.Format(targets.Shape)}");
        }

        int images = targets.Size(0), perImage = targets.Size(1);
        var rows = targets.ToDoubleArray();
        var claims = new Dictionary<long, (double Distance, int Row)>();
        for (int row = 0; row < images * perImage; row++)
        {
            var (category, x1, y1, x2, y2) = (rows[5 * row], rows[5 * row + 1], rows[5 * row + 2], rows[5 * row + 3], rows[5 * row + 4]);
            if (category < 0)
            {
                continue;
            }

            if (category >= numClasses || category != Math.Floor(category) || !(x2 > x1 && y2 > y1))
            {
                throw new ArgumentException($"yolo targets: image {row / perImage}, object {row % perImage}: ({category}, {x1}, {y1}, {x2}, {y2}) is not a class below {numClasses} with a box of positive size");
            }

            double gx = (x1 + x2) / 2 / YoloDetector.Stride, gy = (y1 + y2) / 2 / YoloDetector.Stride;
            int column = Math.Clamp((int)Math.Floor(gx), 0, gridWidth - 1), line = Math.Clamp((int)Math.Floor(gy), 0, gridHeight - 1);
            int sideColumn = gx - column < 0.5 ? column - 1 : column + 1, sideLine = gy - line < 0.5 ? line - 1 : line + 1;
            foreach (var (cx, cy) in new[] { (column, line), (sideColumn, line), (column, sideLine) })
            {
                if (cx < 0 || cx >= gridWidth || cy < 0 || cy >= gridHeight)
                {
                    continue;
                }

                long cell = ((long)(row / perImage) * gridHeight + cy) * gridWidth + cx;
                double distance = Math.Pow(gx - (cx + 0.5), 2) + Math.Pow(gy - (cy + 0.5), 2);
                if (!claims.TryGetValue(cell, out var claim) || distance < claim.Distance)
                {
                    claims[cell] = (distance, row);
                }
            }
        }

        var cells = claims.Keys.Order().ToArray();
        var boxes = new double[cells.Length * 4];
        var classes = new long[cells.Length];
        var cellX = new double[cells.Length];
        var cellY = new double[cells.Length];
        for (int p = 0; p < cells.Length; p++)
        {
            int row = claims[cells[p]].Row;
            classes[p] = (long)rows[5 * row];
            for (int k = 0; k < 4; k++)
            {
                boxes[4 * p + k] = rows[5 * row + 1 + k];
            }

            cellX[p] = cells[p] % gridWidth;
            cellY[p] = cells[p] / gridWidth % gridHeight;
        }

        return new YoloTargets(cells, cellX, cellY, boxes, classes);
    }
}
