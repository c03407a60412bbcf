using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using IlgpuNet.Layers.Optim;
using IlgpuNet.Tensors;
using IlgpuNet.Tensors.IO;

namespace IlgpuNet.Layers.Checkpoints;

/// <summary>
/// Training checkpoints as one safetensors file: tensors "model.&lt;name&gt;" and "optimizer.state.&lt;index&gt;.&lt;buffer&gt;",
/// scalars as JSON strings in the metadata (epoch, metrics, optimizer param groups, scheduler state). The file
/// is written to a temp file and renamed, so --resume always finds a whole checkpoint.
/// </summary>
public static class Checkpoint
{
    public const string FormatName = "ilgpunet.checkpoint.v1";
    private const string ModelPrefix = "model.";
    private const string OptimizerPrefix = "optimizer.state.";
    private const string ExtraPrefix = "extra.";

    // a diverged run's NaN loss is still a metric worth saving
    private static readonly JsonSerializerOptions JsonOptions = new() { NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals };

    public static void Save(string path, TrainingCheckpoint checkpoint)
    {
        var tensors = new OrderedDictionary<string, Tensor>();
        foreach (var (name, tensor) in checkpoint.Model)
        {
            tensors[ModelPrefix + name] = tensor;
        }

        var metadata = new Dictionary<string, string>
        {
            ["format"] = FormatName,
            ["epoch"] = checkpoint.Epoch.ToString(CultureInfo.InvariantCulture),
            ["metrics"] = JsonSerializer.Serialize(checkpoint.Metrics, JsonOptions),
        };
        if (checkpoint.Optimizer is { } optimizer)
        {
            foreach (var (key, tensor) in optimizer.State)
            {
                tensors[OptimizerPrefix + key] = tensor;
            }

            var groups = new JsonArray(optimizer.ParamGroups.Select(g => (JsonNode?)new JsonObject
            {
                ["options"] = JsonSerializer.SerializeToNode(g.Options, JsonOptions),
                ["params"] = JsonSerializer.SerializeToNode(g.ParamIndices),
            }).ToArray());
            metadata["optimizer.param_groups"] = groups.ToJsonString();
        }

        if (checkpoint.Scheduler is { } scheduler)
        {
            metadata["scheduler"] = scheduler.ToJsonString();
        }

        foreach (var (key, value) in checkpoint.Extra ?? new Dictionary<string, string>())
        {
            metadata[ExtraPrefix + key] = value;
        }

        SafeTensors.Write(path, tensors, metadata);
    }

    public static TrainingCheckpoint Load(string path)
    {
        var file = SafeTensors.Read(path);
        var meta = file.Metadata;
        if (!meta.TryGetValue("format", out var format) || format != FormatName)
        {
            throw new InvalidFileException(path, $"not a training checkpoint (metadata 'format' is {(format == null ? "missing" : $"'{format}'")}, expected '{FormatName}')");
        }

        try
        {
            var model = new OrderedDictionary<string, Tensor>();
            var optimizerState = new OrderedDictionary<string, Tensor>();
            foreach (var (name, tensor) in file.Tensors)
            {
                if (name.StartsWith(ModelPrefix, StringComparison.Ordinal))
                {
                    model[name[ModelPrefix.Length..]] = tensor;
                }
                else if (name.StartsWith(OptimizerPrefix, StringComparison.Ordinal))
                {
                    optimizerState[name[OptimizerPrefix.Length..]] = tensor;
                }
            }

            OptimizerStateDict? optimizer = null;
            if (meta.TryGetValue("optimizer.param_groups", out var groupsJson))
            {
                var groups = JsonNode.Parse(groupsJson)!.AsArray().Select(g => new ParamGroupState(
                    g!["options"].Deserialize<Dictionary<string, double>>(JsonOptions)!,
                    g["params"].Deserialize<List<int>>()!)).ToList();
                optimizer = new OptimizerStateDict(optimizerState, groups);
            }

            var scheduler = meta.TryGetValue("scheduler", out var schedulerJson) ? JsonNode.Parse(schedulerJson)!.AsObject() : null;
            int epoch = int.Parse(meta["epoch"], CultureInfo.InvariantCulture);
            var metrics = JsonSerializer.Deserialize<Dictionary<string, double>>(meta["metrics"], JsonOptions)!;
            var extra = meta.Where(m => m.Key.StartsWith(ExtraPrefix, StringComparison.Ordinal)).ToDictionary(m => m.Key[ExtraPrefix.Length..], m => m.Value);
            return new TrainingCheckpoint(model, optimizer, scheduler, epoch, metrics, extra);
        }
        catch (Exception e) when (e is JsonException or FormatException or KeyNotFoundException or NullReferenceException or InvalidOperationException)
        {
            throw new InvalidFileException(path, $"training checkpoint metadata is malformed ({e.Message})", e);
        }
    }
}
