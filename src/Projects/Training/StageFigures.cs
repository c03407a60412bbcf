using IlgpuNet.Data.Metrics;
using IlgpuNet.Reporting;

namespace IlgpuNet.Training;

/// <summary>The figures every classification runner shows: loss and accuracy curves of a stage, a confusion matrix.</summary>
public static class StageFigures
{
    /// <summary>Train and validation loss per epoch, with the kept (best) epoch named in the title.</summary>
    public static LineChart LossCurves(StageResult stage, string title)
    {
        var epochs = stage.Metrics.Column("epoch");
        return new LineChart { Title = $"{title} (kept epoch {stage.Summary.BestEpoch})", XLabel = "epoch", YLabel = "cross-entropy", ShowMarkers = true }
            .Add("train", epochs, stage.Metrics.Column("train_loss"))
            .Add("validation", epochs, stage.Metrics.Column("val_loss"));
    }

    /// <summary>Loss (left of the legend) and accuracy of train and validation per epoch on one chart, both in [0, ∞).</summary>
    public static LineChart LossCurvesWithAccuracy(StageResult stage, string title)
    {
        var epochs = stage.Metrics.Column("epoch");
        var chart = LossCurves(stage, title);
        chart.YLabel = "loss / accuracy";
        return chart.Add("train accuracy", epochs, stage.Metrics.Column("train_accuracy"))
            .Add("validation accuracy", epochs, stage.Metrics.Column("val_accuracy"));
    }

    /// <summary>Top-1 and top-k accuracy of train and validation per epoch (a stage run with <see cref="TrainingStage.TopK"/>).</summary>
    public static LineChart TopKCurves(StageResult stage, int k, string title)
    {
        var epochs = stage.Metrics.Column("epoch");
        return new LineChart { Title = $"{title} (kept epoch {stage.Summary.BestEpoch})", XLabel = "epoch", YLabel = "accuracy", ShowMarkers = true }
            .Add("train top-1", epochs, stage.Metrics.Column("train_accuracy"))
            .Add("validation top-1", epochs, stage.Metrics.Column("val_accuracy"))
            .Add($"train top-{k}", epochs, stage.Metrics.Column($"train_top{k}"))
            .Add($"validation top-{k}", epochs, stage.Metrics.Column($"val_top{k}"));
    }

    /// <summary>One metric column of several stages on one chart (e.g. validation accuracy before and after a change).</summary>
    public static LineChart Compare(IEnumerable<(string Label, StageResult Stage)> stages, string column, string title, string yLabel)
    {
        var chart = new LineChart { Title = title, XLabel = "epoch", YLabel = yLabel, ShowMarkers = true };
        foreach (var (label, stage) in stages)
        {
            chart.Add(label, stage.Metrics.Column("epoch"), stage.Metrics.Column(column));
        }

        return chart;
    }

    /// <summary>Row-normalised confusion matrix (rows: true class).</summary>
    public static Heatmap Confusion(Evaluation evaluation, IReadOnlyList<string> classNames, string title)
    {
        int n = classNames.Count;
        var matrix = ConfusionMatrix.From(evaluation.Predictions, evaluation.Targets, n);
        var counts = new int[n, n];
        for (int t = 0; t < n; t++)
        {
            for (int p = 0; p < n; p++)
            {
                counts[t, p] = (int)matrix[t, p];
            }
        }

        var heatmap = Heatmap.ConfusionMatrix(counts, classNames, normalizeRows: true);
        heatmap.Title = title;
        return heatmap;
    }
}
