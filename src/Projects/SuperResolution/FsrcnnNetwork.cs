using IlgpuNet.Data;
using IlgpuNet.Layers.Models;
using IlgpuNet.Tensors;

namespace IlgpuNet.SuperResolution;

/// <summary>
/// FSRCNN(56, 12, 4) on the low-resolution plane. Training sub-images are 20, 16 and 12 LR pixels for ×2, ×3 and ×4
/// (40-48 HR pixels) rather than the paper's 10, 7 and 6: every layer is zero-padded, and on so small a patch nearly
/// every output pixel sees the padding — at ×3 on 7-pixel patches the training loss fell while whole-image
/// validation stayed near 16 dB.
/// </summary>
public sealed class FsrcnnNetwork(int scale, string name) : SrNetwork(name, scale, new Fsrcnn(scale))
{
    public override string Architecture => "fsrcnn";

    public override int DefaultPatchSize => Scale switch { 2 => 20, 3 => 16, 4 => 12, _ => Math.Max(8, 48 / Scale) };

    public override string OutputLayer => "last_part";

    public override PatchLayout Layout(int patchSize)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(patchSize, 1);
        return new PatchLayout(UpsampledInput: false, patchSize, patchSize * Scale, 0);
    }

    protected override Tensor ForwardTraining(Tensor input) => Model.Call(input);

    protected override FloatImage NetworkInput(FloatImage lowRes) => lowRes;

    protected override Tensor ForwardInference(Tensor input) => Model.Call(input);
}
