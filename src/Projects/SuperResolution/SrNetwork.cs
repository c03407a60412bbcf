using IlgpuNet.Autograd;
using IlgpuNet.Data;
using IlgpuNet.Layers;
using IlgpuNet.Tensors;

namespace IlgpuNet.SuperResolution;

/// <summary>
/// A super-resolution network together with what the runner needs to know about it: the patches it trains on,
/// its training-time forward pass and its whole-image inference on a luma plane.
/// </summary>
public abstract class SrNetwork(string name, int scale, Module model) : ISuperResolver
{
    public static readonly IReadOnlyList<string> Architectures = ["srcnn", "fsrcnn"];

    public string Name { get; } = name;

    public int Scale { get; } = scale;

    public Module Model { get; } = model;

    /// <summary>"srcnn" or "fsrcnn": which class the weights belong to.</summary>
    public abstract string Architecture { get; }

    /// <summary>The paper's training patch side (input side for SRCNN, low-resolution side for FSRCNN).</summary>
    public abstract int DefaultPatchSize { get; }

    public abstract PatchLayout Layout(int patchSize);

    /// <summary>Name prefix of the reconstruction layer, which both papers train at a tenth of the others' rate.</summary>
    public abstract string OutputLayer { get; }

    /// <summary>
    /// Subtracted from the luma the network reads and added back to what it writes, so it works on values centred
    /// near zero (the papers feed [0, 1] values as they are, which is the case 0). Training sets it to the mean training
    /// luma; the weights file records it.
    /// </summary>
    public double LumaOffset { get; set; }

    /// <summary>The forward pass on a training batch (on the model's device); its output matches the layout's target patches.</summary>
    public Tensor TrainingForward(Tensor input) => ForwardTraining(input - LumaOffset) + LumaOffset;

    public FloatImage Upscale(FloatImage lowRes)
    {
        if (lowRes.Channels != 1)
        {
            throw new ArgumentException($"{Name} upscales one luma plane, got {lowRes.Channels} channels");
        }

        Model.Eval();
        using (GradMode.NoGrad())
        {
            var input = NetworkInput(lowRes);
            var plane = Tensor.FromArray(input.Data, 1, 1, input.Height, input.Width).To(Model.Device);
            var output = (ForwardInference(plane - LumaOffset) + LumaOffset).Cpu();
            return new FloatImage(1, output.Size(2), output.Size(3), output.Contiguous().ToArray<float>());
        }
    }

    /// <summary>The plane the network reads: the LR plane itself, or its bicubic upsampling.</summary>
    protected abstract FloatImage NetworkInput(FloatImage lowRes);

    /// <summary>The model on a centred training batch.</summary>
    protected abstract Tensor ForwardTraining(Tensor input);

    /// <summary>The model on a whole centred plane, output Scale × the low-resolution size.</summary>
    protected abstract Tensor ForwardInference(Tensor input);

    /// <summary>A freshly initialised network (seed it with Tensor.ManualSeed first).</summary>
    public static SrNetwork Create(string architecture, int scale, string? name = null) => architecture switch
    {
        "srcnn" => new SrcnnNetwork(scale, name ?? "srcnn"),
        "fsrcnn" => new FsrcnnNetwork(scale, name ?? "fsrcnn"),
        _ => throw new ArgumentException($"unknown super-resolution model '{architecture}': expected {string.Join(" or ", Architectures)}"),
    };
}
