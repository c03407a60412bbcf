using IlgpuNet.Tensors;

namespace IlgpuNet.Layers.Models;

/// <summary>
/// SRCNN (Dong et al., 2014/2016), the 9-1-5 network with 64 and 32 filters: patch extraction (9×9, 64) + ReLU,
/// non-linear mapping (1×1, 32) + ReLU, reconstruction (5×5, 1). Its input is the bicubic-upsampled low-resolution
/// Y channel; its output is the high-resolution Y channel. Parameter names conv1/conv2/conv3 as the usual PyTorch port.
/// <para>
/// The same weights run two ways: <see cref="Padded"/> = false uses no padding (the paper's training setting, a
/// 33×33 input gives a 21×21 output free of border effects); true zero-pads every layer so the output is as large as
/// the input (inference on whole images).
/// </para>
/// </summary>
public sealed class Srcnn : Module
{
    /// <summary>Rows (and columns) the unpadded network loses on each side: (9 - 1) / 2 + (5 - 1) / 2.</summary>
    public const int ValidBorder = 6;

    public Srcnn(int channels = 1, int filters1 = 64, int filters2 = 32)
    {
        Channels = channels;
        RegisterModule("conv1", new Conv2d(channels, filters1, 9));
        RegisterModule("conv2", new Conv2d(filters1, filters2, 1));
        RegisterModule("conv3", new Conv2d(filters2, channels, 5));
        ResetParameters();
    }

    public int Channels { get; }

    /// <summary>Zero-pad each layer (output size = input size) instead of the paper's valid convolutions.</summary>
    public bool Padded { get; set; } = true;

    public Conv2d Conv1 => (Conv2d)GetSubmodule("conv1");

    public Conv2d Conv2 => (Conv2d)GetSubmodule("conv2");

    public Conv2d Conv3 => (Conv2d)GetSubmodule("conv3");

    // x (N, C, H, W) upsampled LR → (N, C, H, W) when padded, (N, C, H - 12, W - 12) when not
    public override Tensor Forward(Tensor input)
    {
        var spent = new Intermediates(input);
        var x = spent.Then(input, x => Apply(Conv1, x));
        x = spent.Then(x, x => x.Relu());
        x = spent.Then(x, x => Apply(Conv2, x));
        x = spent.Then(x, x => x.Relu());
        return spent.Then(x, x => Apply(Conv3, x));
    }

    /// <summary>
    /// He et al.'s normal initialisation (fan-in, ReLU gain) for the two ReLU layers and the paper's N(0, 0.001²) for
    /// the reconstruction layer; biases zero. The paper's N(0, 0.001²) everywhere leaves the output nearly constant
    /// for a long time: with Adam it sat near the image mean (23 dB on ×3) for the first thousand steps.
    /// </summary>
    public void ResetParameters(Generator? generator = null)
    {
        foreach (var conv in new[] { Conv1, Conv2 })
        {
            Init.KaimingNormal(conv.Weight, nonlinearity: "relu", generator: generator);
            Init.Zeros(conv.Bias!);
        }

        Init.Normal(Conv3.Weight, 0, 1e-3, generator);
        Init.Zeros(Conv3.Bias!);
    }

    private Tensor Apply(Conv2d conv, Tensor input) =>
        Functional.Conv2d(input, conv.Weight, conv.Bias, padding: Padded ? conv.KernelSize.H / 2 : 0);

    protected override string ExtraRepr() => $"padded={Padded}";
}
