using IlgpuNet.Data;
using IlgpuNet.Data.Metrics;
using IlgpuNet.Nerf.Models;
using IlgpuNet.Nerf.Scenes;

namespace IlgpuNet.Nerf.Evaluation;

/// <summary>Renders every view of a split and scores it against the ground truth (PSNR, SSIM on RGB in [0, 1]).</summary>
public static class SplitEvaluation
{
    /// <param name="each">Receives each view's index, rendering, ground truth and score as it is done (figures, progress).</param>
    public static SplitScores Evaluate(RadianceModel model, SceneViews views, Action<int, RenderedView, FloatImage, ViewScore>? each = null)
    {
        var scores = new List<ViewScore>();
        for (int i = 0; i < views.Count; i++)
        {
            var view = ViewRenderer.Render(model, views.Camera, views.Poses[i]);
            var score = Score(views.Names[i], view.Color, views.Images[i]);
            scores.Add(score);
            each?.Invoke(i, view, views.Images[i], score);
        }

        return new SplitScores(views.Split, views.Camera.Width, views.Camera.Height, scores);
    }

    public static ViewScore Score(string name, FloatImage prediction, FloatImage truth) =>
        new(name, ImageMetrics.Psnr(prediction, truth, 1.0), ImageMetrics.Ssim(prediction, truth, 1.0));
}
