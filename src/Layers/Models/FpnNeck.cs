using IlgpuNet.Tensors;

namespace IlgpuNet.Layers.Models;

/// <summary>
/// A one-level feature pyramid neck: the coarse map (stride 2s) is projected by a 1×1 convolution, upsampled ×2
/// (nearest) and added to the 1×1 projection of the fine map (stride s); a 3×3 convolution with batch norm and ReLU
/// smooths the sum (FPN's top-down pathway, kept to the finest level). Takes two inputs, so it is called through
/// <see cref="Fuse"/>.
/// </summary>
public sealed class FpnNeck : Module
{
    private readonly Conv2d lateralFine, lateralCoarse;
    private readonly Sequential smooth;

    public FpnNeck(int fineChannels, int coarseChannels, int channels)
    {
        lateralFine = RegisterModule("lateral_fine", new Conv2d(fineChannels, channels, 1));
        lateralCoarse = RegisterModule("lateral_coarse", new Conv2d(coarseChannels, channels, 1));
        smooth = RegisterModule("smooth", new Sequential(new Conv2d(channels, channels, 3, padding: 1, bias: false), new BatchNorm2d(channels), new ReLU()));
        Channels = channels;
    }

    public int Channels { get; }

    // fine (N, Cf, H, W), coarse (N, Cc, H/2, W/2) → (N, channels, H, W)
    public Tensor Fuse(Tensor fine, Tensor coarse)
    {
        var spent = new Intermediates(fine); // the projections and their sum are released once spent
        var topDown = spent.Then(lateralCoarse.Call(coarse), projected => Functional.Interpolate(projected, scaleFactor: 2.0));
        var lateral = lateralFine.Call(fine);
        var sum = lateral.Add(topDown);
        spent.Release(lateral, sum);
        spent.Release(topDown, sum);
        return spent.Then(sum, smooth.Call);
    }

    public override Tensor Forward(Tensor input)
        => throw new NotSupportedException("FpnNeck takes a fine and a coarse feature map: call Fuse(fine, coarse)");
}
