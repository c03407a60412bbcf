using IlgpuNet.Data;
using IlgpuNet.Layers.Models;
using IlgpuNet.Tensors;

namespace IlgpuNet.SuperResolution;

/// <summary>SRCNN 9-1-5 on the bicubic-upsampled plane: trained unpadded on 33×33 inputs (21×21 outputs), run padded on whole images.</summary>
public sealed class SrcnnNetwork(int scale, string name) : SrNetwork(name, scale, new Srcnn())
{
    public Srcnn Srcnn => (Srcnn)Model;

    public override string Architecture => "srcnn";

    public override int DefaultPatchSize => 33;

    public override string OutputLayer => "conv3";

    public override PatchLayout Layout(int patchSize)
    {
        if (patchSize <= 2 * Srcnn.ValidBorder)
        {
            throw new ArgumentOutOfRangeException(nameof(patchSize), patchSize, $"SRCNN patches must be larger than {2 * Srcnn.ValidBorder} pixels");
        }

        return new PatchLayout(UpsampledInput: true, patchSize, patchSize - 2 * Srcnn.ValidBorder, Srcnn.ValidBorder);
    }

    protected override Tensor ForwardTraining(Tensor input)
    {
        Srcnn.Padded = false;
        return Srcnn.Call(input);
    }

    protected override FloatImage NetworkInput(FloatImage lowRes) => ImageResize.Resize(lowRes, Scale, ResizeMethod.Bicubic);

    protected override Tensor ForwardInference(Tensor input)
    {
        Srcnn.Padded = true;
        return Srcnn.Call(input);
    }
}
