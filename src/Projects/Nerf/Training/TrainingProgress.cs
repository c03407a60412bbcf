namespace IlgpuNet.Nerf.Training;

/// <summary>Where a training run stands after a step: what a progress bar shows.</summary>
public sealed record TrainingProgress(int Step, int Iterations, double RaysPerSecond, double Psnr, double Seconds, double? TimeLimitSeconds);
