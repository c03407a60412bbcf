using IlgpuNet.Nerf.Training;
using IlgpuNet.Reporting;

namespace IlgpuNet.Nerf.Report;

/// <summary>A training run's metrics.csv as columns, and its validation rows (the steps that rendered the held-out view).</summary>
public sealed record RunMetrics(double[] Step, double[] Seconds, double[] CpuSeconds, double[] Loss, double[] TrainPsnr, double[] ValPsnr, double[] SamplesPerRay)
{
    public static RunMetrics Read(string path)
    {
        var log = MetricsLog.Read(path, NerfTrainer.Columns);
        return new RunMetrics(log.Column("step"), log.Column("train_seconds"), log.Column("cpu_seconds"), log.Column("loss"), log.Column("train_psnr"), log.Column("val_psnr"),
            log.Column("samples_per_ray"));
    }

    public (double[] Step, double[] Seconds, double[] Psnr) Validation()
    {
        var rows = Enumerable.Range(0, Step.Length).Where(i => !double.IsNaN(ValPsnr[i])).ToList();
        return (rows.Select(i => Step[i]).ToArray(), rows.Select(i => Seconds[i]).ToArray(), rows.Select(i => ValPsnr[i]).ToArray());
    }
}
