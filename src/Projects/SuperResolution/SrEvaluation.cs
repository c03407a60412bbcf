using IlgpuNet.Data;
using IlgpuNet.Data.Datasets;
using IlgpuNet.Data.Imaging;
using IlgpuNet.Data.Metrics;

namespace IlgpuNet.SuperResolution;

/// <summary>
/// PSNR and SSIM of several methods on a set of LR/HR pairs, as the literature reports them: each method enlarges the
/// 8-bit Y channel of the given LR image, its result is rounded to bytes, and both measures are taken on Y against the
/// HR image's Y with <c>scale</c> pixels cut from every border. The results (Y planes) are kept for figures.
/// </summary>
public sealed class SrEvaluation
{
    private readonly ImageResult[,] results;

    private SrEvaluation(string name, IReadOnlyList<SuperResolutionPair> pairs, IReadOnlyList<string> methods, ImageResult[,] results)
    {
        Name = name;
        Pairs = pairs;
        Methods = methods;
        this.results = results;
    }

    /// <summary>One method on one image: its Y result and the two measures.</summary>
    public sealed record ImageResult(ByteImage Luma, double Psnr, double Ssim);

    public string Name { get; }

    public IReadOnlyList<SuperResolutionPair> Pairs { get; }

    public IReadOnlyList<string> Methods { get; }

    public ImageResult this[int image, int method] => results[image, method];

    public static SrEvaluation Run(string name, IReadOnlyList<SuperResolutionPair> pairs, IReadOnlyList<ISuperResolver> methods)
    {
        var results = new ImageResult[pairs.Count, methods.Count];
        for (int i = 0; i < pairs.Count; i++)
        {
            var pair = pairs[i];
            var lowRes = Luma.ToUnit(Luma.Of(pair.LowRes));
            var highRes = Luma.Of(pair.HighRes);
            for (int m = 0; m < methods.Count; m++)
            {
                if (methods[m].Scale != pair.Scale)
                {
                    throw new ArgumentException($"{methods[m].Name} enlarges by {methods[m].Scale}, {name}/{pair.Name} is a x{pair.Scale} pair");
                }

                var estimate = Luma.Quantize(methods[m].Upscale(lowRes));
                results[i, m] = Score(estimate, highRes, pair.Scale);
            }
        }

        return new SrEvaluation(name, pairs, methods.Select(m => m.Name).ToArray(), results);
    }

    /// <summary>Mean PSNR and SSIM of one method over the images.</summary>
    public (double Psnr, double Ssim) Mean(int method)
    {
        double psnr = 0, ssim = 0;
        for (int i = 0; i < Pairs.Count; i++)
        {
            psnr += results[i, method].Psnr;
            ssim += results[i, method].Ssim;
        }

        return (psnr / Pairs.Count, ssim / Pairs.Count);
    }

    public int MethodIndex(string method)
    {
        for (int m = 0; m < Methods.Count; m++)
        {
            if (Methods[m] == method)
            {
                return m;
            }
        }

        throw new ArgumentException($"no method '{method}' in this evaluation (methods: {string.Join(", ", Methods)})");
    }

    /// <summary>
    /// Y PSNR/SSIM with <paramref name="shave"/> border pixels left out. When the HR image is not an exact multiple of
    /// the LR one, both are compared over their common top-left region.
    /// </summary>
    public static ImageResult Score(ByteImage estimate, ByteImage reference, int shave)
    {
        int width = Math.Min(estimate.Width, reference.Width), height = Math.Min(estimate.Height, reference.Height);
        var a = Luma.ToUnit(Luma.Crop(estimate, 0, 0, width, height));
        var b = Luma.ToUnit(Luma.Crop(reference, 0, 0, width, height));
        return new ImageResult(estimate, ImageMetrics.Psnr(a, b, 1.0, shave), ImageMetrics.Ssim(a, b, 1.0, shave));
    }
}
