using IlgpuNet.Tensors;

namespace IlgpuNet.Layers.Models;

/// <summary>
/// FSRCNN(d, s, m) (Dong, Loy and Tang, 2016) on the low-resolution Y channel: feature extraction conv 5×5 (d) +
/// PReLU, shrinking 1×1 (s) + PReLU, m mapping layers 3×3 (s) each + PReLU, expanding 1×1 (d) + PReLU, and a 9×9
/// deconvolution with stride = scale factor. Padding keeps every layer at the input size and the deconvolution's
/// output padding (scale - 1) makes the output exactly scale × the input. PReLUs learn one slope per channel.
/// Parameter names as the usual PyTorch port: first_part.0/1, mid_part.N, last_part.
/// </summary>
public sealed class Fsrcnn : Module
{
    public Fsrcnn(int scale, int channels = 1, int d = 56, int s = 12, int m = 4)
    {
        if (scale < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(scale), scale, "FSRCNN: the scale factor must be at least 1");
        }

        Scale = scale;
        Channels = channels;
        RegisterModule("first_part", new Sequential(new Conv2d(channels, d, 5, padding: 2), new PReLU(d)));
        var mid = new Sequential(new Conv2d(d, s, 1), new PReLU(s));
        for (int i = 0; i < m; i++)
        {
            mid.Add(new Conv2d(s, s, 3, padding: 1)).Add(new PReLU(s));
        }

        mid.Add(new Conv2d(s, d, 1)).Add(new PReLU(d));
        RegisterModule("mid_part", mid);
        RegisterModule("last_part", new ConvTranspose2d(d, channels, 9, stride: scale, padding: 4, outputPadding: scale - 1));
        InitializeAsPaper();
    }

    public int Scale { get; }

    public int Channels { get; }

    public ConvTranspose2d Deconvolution => (ConvTranspose2d)GetSubmodule("last_part");

    /// <summary>
    /// The paper's initialisation: convolutions by He et al.'s rule for PReLU (normal, fan-in, slope 0.25), the
    /// deconvolution from N(0, 0.001²), biases zero.
    /// </summary>
    public void InitializeAsPaper(Generator? generator = null)
    {
        foreach (var conv in Modules().OfType<Conv2d>())
        {
            Init.KaimingNormal(conv.Weight, a: 0.25, generator: generator);
            Init.Zeros(conv.Bias!);
        }

        Init.Normal(Deconvolution.Weight, 0, 1e-3, generator);
        Init.Zeros(Deconvolution.Bias!);
    }

    // x (N, C, H, W) low resolution → (N, C, scale H, scale W)
    public override Tensor Forward(Tensor input)
    {
        var spent = new Intermediates(input);
        var features = spent.Then(input, GetSubmodule("first_part").Call);
        features = spent.Then(features, GetSubmodule("mid_part").Call);
        return spent.Then(features, GetSubmodule("last_part").Call);
    }
}
