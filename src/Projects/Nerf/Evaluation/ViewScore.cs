namespace IlgpuNet.Nerf.Evaluation;

/// <summary>PSNR (dB) and SSIM of one rendered view against its ground truth.</summary>
public sealed record ViewScore(string View, double Psnr, double Ssim);
