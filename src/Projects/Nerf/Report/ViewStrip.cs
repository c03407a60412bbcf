using IlgpuNet.Data.Imaging;
using IlgpuNet.Nerf.Evaluation;
using IlgpuNet.Reporting;

namespace IlgpuNet.Nerf.Report;

/// <summary>Ground truth, prediction and depth of one view side by side, captioned.</summary>
public static class ViewStrip
{
    public static ByteImage Render(Data.FloatImage truth, RenderedView view, string psnrCaption)
    {
        var grid = new ImageGrid(3) { CellWidth = truth.Width, CellHeight = truth.Height, CaptionFontSize = truth.Width >= 200 ? 16 : 10 };
        grid.Add(truth.ToBytes(), "ground truth");
        grid.Add(view.Color.ToBytes(), psnrCaption);
        grid.Add(DepthImage.Colorize(view), "depth");
        return grid.Render();
    }
}
