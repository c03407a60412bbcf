using IlgpuNet.Layers;
using IlgpuNet.Nerf.Rendering;
using IlgpuNet.Tensors;

namespace IlgpuNet.Nerf.Models;

/// <summary>
/// A radiance field and the way it samples rays: <see cref="PaperNerf"/> or <see cref="FastNerf"/>. It is a module
/// (parameters, state dict, checkpoints), but renders rays instead of mapping one tensor to another.
/// </summary>
public abstract class RadianceModel : Module
{
    protected RadianceModel(NerfOptions options)
    {
        Options = options;
    }

    public NerfOptions Options { get; }

    /// <summary>Background the colours are composited on (white or black).</summary>
    public float Background => Options.WhiteBackground ? 1f : 0f;

    public static RadianceModel Create(NerfOptions options, Generator? generator = null) => options.Variant switch
    {
        NerfVariant.Nerf => new PaperNerf(options, generator),
        _ => new FastNerf(options, generator),
    };

    /// <summary>
    /// Renders <paramref name="rays"/>. Training draws the random sample positions from <paramref name="randomKey"/>
    /// (so a resumed run repeats them); otherwise sampling is deterministic.
    /// </summary>
    public abstract RenderedRays Render(RayBatch rays, bool training, ulong randomKey);

    /// <summary>Work a model does between steps (the fast variant refreshes its occupancy grid); <paramref name="step"/> counts from 0.</summary>
    public virtual void BeforeStep(int step)
    {
    }

    /// <summary>Loads weights (and buffers) saved by <see cref="Module.StateDict"/>, then rebuilds what derives from them.</summary>
    public void Load(IReadOnlyDictionary<string, Tensor> state)
    {
        LoadStateDict(state);
        OnStateLoaded();
    }

    public sealed override Tensor Forward(Tensor input) =>
        throw new NotSupportedException($"{TypeName} renders rays: call Render(rays, training, key)");

    protected virtual void OnStateLoaded()
    {
    }

    /// <summary>Host values as a tensor on the model's device (the encodings and sample layouts are computed on the host).</summary>
    protected Tensor Input(float[] values, params int[] shape) => Tensor.FromArray(values, shape).To(Device);

    protected Tensor Input(long[] values, params int[] shape) => Tensor.FromArray(values, shape).To(Device);

    /// <summary>A host tensor on the model's device: itself on the CPU; elsewhere a copy, and the host tensor is released.</summary>
    protected Tensor OnModelDevice(Tensor host)
    {
        var moved = host.To(Device);
        if (!ReferenceEquals(moved, host))
        {
            host.Dispose();
        }

        return moved;
    }

    /// <summary>colour + (1 - opacity) x background: what shows through where the rays end in empty space.</summary>
    protected Tensor Composite(VolumeRendering rendering) =>
        Background == 0f ? rendering.Color : rendering.Color.Add(rendering.Opacity.Neg().Add(Background).Unsqueeze(1));
}
