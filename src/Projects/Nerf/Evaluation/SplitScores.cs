namespace IlgpuNet.Nerf.Evaluation;

/// <summary>The scores of every view of one split, and their means (PSNR averaged in dB, as the papers report it).</summary>
public sealed record SplitScores(string Split, int Width, int Height, IReadOnlyList<ViewScore> Views)
{
    public double MeanPsnr => Views.Average(v => v.Psnr);

    public double MeanSsim => Views.Average(v => v.Ssim);
}
