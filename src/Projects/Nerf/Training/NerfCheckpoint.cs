using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using IlgpuNet.Layers.Checkpoints;
using IlgpuNet.Layers.Optim;
using IlgpuNet.Nerf.Models;
using IlgpuNet.Nerf.Scenes;
using IlgpuNet.Tensors;

namespace IlgpuNet.Nerf.Training;

/// <summary>
/// A NeRF checkpoint: one safetensors file with the model's weights (and occupancy grid), optionally the optimizer's
/// state, the step, the training seconds so far, and as JSON the options and scene it was trained with, so that
/// <c>nerf render | eval | video</c> rebuild the model from the file alone. Written to a temporary file and renamed.
/// </summary>
public sealed record NerfCheckpoint(NerfOptions Options, SceneInfo Scene, IReadOnlyDictionary<string, Tensor> Weights, OptimizerStateDict? Optimizer,
    int Step, double TrainSeconds)
{
    private const string OptionsKey = "nerf.options";
    private const string SceneKey = "nerf.scene";
    private const string SecondsKey = "train_seconds";

    private static readonly JsonSerializerOptions Json = new() { Converters = { new JsonStringEnumConverter() } };

    public static void Save(string path, RadianceModel model, Optimizer? optimizer, SceneInfo scene, int step, double trainSeconds)
    {
        var extra = new Dictionary<string, string>
        {
            [OptionsKey] = JsonSerializer.Serialize(model.Options, Json),
            [SceneKey] = JsonSerializer.Serialize(scene, Json),
        };
        Checkpoint.Save(path, new TrainingCheckpoint(model.StateDict(), optimizer?.StateDict(), null, step,
            new Dictionary<string, double> { [SecondsKey] = trainSeconds }, extra));
    }

    /// <exception cref="FileNotFoundException">No such file.</exception>
    /// <exception cref="InvalidDataException">Not a NeRF checkpoint; the message names the file.</exception>
    public static NerfCheckpoint Load(string path)
    {
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"checkpoint {path} does not exist");
        }

        var checkpoint = Checkpoint.Load(path);
        if (checkpoint.Extra is not { } extra || !extra.TryGetValue(OptionsKey, out var optionsJson) || !extra.TryGetValue(SceneKey, out var sceneJson))
        {
            throw new InvalidDataException($"{path}: a training checkpoint, but not of a NeRF run (no {OptionsKey} / {SceneKey} metadata)");
        }

        try
        {
            var options = JsonSerializer.Deserialize<NerfOptions>(optionsJson, Json)!;
            var scene = JsonSerializer.Deserialize<SceneInfo>(sceneJson, Json)!;
            return new NerfCheckpoint(options, scene, checkpoint.Model, checkpoint.Optimizer, checkpoint.Epoch, checkpoint.Metrics.GetValueOrDefault(SecondsKey));
        }
        catch (JsonException error)
        {
            throw new InvalidDataException($"{path}: NeRF metadata is malformed ({error.Message})");
        }
    }

    /// <summary>The model with these weights on <paramref name="device"/> (default the CPU), ready to render.</summary>
    public RadianceModel CreateModel(Kernels.Device? device = null)
    {
        var model = RadianceModel.Create(Options);
        model.Load(Weights);
        model.To(device ?? Kernels.Device.Cpu);
        return model;
    }

    public string Describe() =>
        string.Create(CultureInfo.InvariantCulture, $"{Options.Variant.ToString().ToLowerInvariant()} model, step {Step}, {TrainSeconds / 60:F1} min of training, {Scene.Width}x{Scene.Height}");
}
