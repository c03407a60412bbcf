using ScottPlot;

namespace IlgpuNet.Reporting;

/// <summary>
/// Places a <see cref="ChartGrid"/>'s plots: the first fills a band of fixed height at the top (the title), the last a
/// band at the bottom (the shared legend), and the ones between share the rest as a grid, row by row.
/// </summary>
internal sealed class BandedGridLayout(int columns, float topBand, float bottomBand) : IMultiplotLayout
{
    public PixelRect[] GetSubplotRectangles(SubplotCollection subplots, PixelRect figureRect)
    {
        int panels = subplots.Count - 2;
        int rows = Math.Max(1, (panels + columns - 1) / columns);
        int usedColumns = Math.Clamp(panels, 1, columns);
        float cellWidth = figureRect.Width / usedColumns;
        float cellHeight = (figureRect.Height - topBand - bottomBand) / rows;
        var rectangles = new PixelRect[subplots.Count];
        rectangles[0] = new PixelRect(figureRect.Left, figureRect.Right, figureRect.Top + topBand, figureRect.Top);
        for (int i = 0; i < panels; i++)
        {
            float left = figureRect.Left + (i % columns * cellWidth);
            float top = figureRect.Top + topBand + (i / columns * cellHeight);
            rectangles[i + 1] = new PixelRect(left, left + cellWidth, top + cellHeight, top);
        }

        rectangles[^1] = new PixelRect(figureRect.Left, figureRect.Right, figureRect.Bottom, figureRect.Bottom - bottomBand);
        return rectangles;
    }
}
