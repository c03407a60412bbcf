using IlgpuNet.Tensors;
using IlgpuNet.Tensors.IO;

namespace IlgpuNet.Layers.Checkpoints;

/// <summary>
/// What a torch.save'd dict holds: its tensors (nested dicts flattened to dotted names, in file order) and its
/// other plain values (numbers, strings, booleans, None), such as the "epoch" of a training checkpoint.
/// </summary>
public sealed record PthFile(IReadOnlyDictionary<string, Tensor> Tensors, IReadOnlyDictionary<string, object?> OtherValues)
{
    /// <summary>The file read (named in messages).</summary>
    public string Path { get; init; } = "";

    /// <summary>
    /// The top-level entries that are dicts holding tensors, with how many: a training checkpoint has "state_dict"
    /// (the model) and "optimizer" (its state); a plain state dict has none.
    /// </summary>
    public IReadOnlyDictionary<string, int> NestedDicts { get; init; } = new Dictionary<string, int>();

    /// <summary>
    /// The state dict <paramref name="source"/> asks for: the tensors under its key (without the "KEY." before their
    /// names), then its prefix stripped from every name. A key or prefix that does not fit the file is refused with
    /// what the file holds.
    /// </summary>
    public IReadOnlyDictionary<string, Tensor> Select(StateDictSource source)
    {
        IReadOnlyDictionary<string, Tensor> selected = Tensors;
        if (source.Key is { } key)
        {
            if (!NestedDicts.ContainsKey(key))
            {
                throw new InvalidFileException(Path, $"no dict of tensors under '{key}'; {Describe()}");
            }

            selected = Strip(Tensors.Where(t => t.Key.StartsWith(key + ".", StringComparison.Ordinal)), key + ".");
        }

        if (source.StripPrefix is { Length: > 0 } prefix)
        {
            var outside = selected.Keys.Where(k => !k.StartsWith(prefix, StringComparison.Ordinal)).Take(3).ToList();
            if (outside.Count > 0)
            {
                throw new InvalidFileException(Path, $"--strip-prefix {prefix}: not every key starts with it ({string.Join(", ", outside)}, ...)");
            }

            selected = Strip(selected, prefix);
        }

        return selected;
    }

    /// <summary>
    /// What the file holds, with the option that loads it when it is wrapped: nested under a key (a training
    /// checkpoint) or every key behind one prefix (nn.DataParallel's "module."). Empty text when it is a plain state dict.
    /// The options are the CLI's; in C# the same is <see cref="StateDictSource"/>'s Key and StripPrefix.
    /// </summary>
    public string Hint(StateDictSource? source = null)
    {
        string file = source?.Path ?? Path;
        if (source?.Key == null && NestedDicts.Count > 0)
        {
            string best = NestedDicts.ContainsKey("state_dict") ? "state_dict" : NestedDicts.MaxBy(n => n.Value).Key;
            return $"{Describe()}; load the model's with --pretrained {file}:{best}";
        }

        var keys = (source == null ? Tensors : Select(source)).Keys.ToList();
        if (keys.Count > 0 && UniformPrefix(keys) is { } prefix && source?.StripPrefix == null)
        {
            return $"every key starts with '{prefix}' (as nn.DataParallel saves them: {string.Join(", ", keys.Take(2))}, ...); " +
                $"load it with --strip-prefix {prefix}";
        }

        return "";
    }

    /// <summary>The first dotted segment every key shares ("module."), or null.</summary>
    public static string? UniformPrefix(IReadOnlyCollection<string> keys)
    {
        string first = keys.First();
        int dot = first.IndexOf('.');
        if (dot <= 0)
        {
            return null;
        }

        string prefix = first[..(dot + 1)];
        return keys.All(k => k.StartsWith(prefix, StringComparison.Ordinal) && k.Length > prefix.Length) && keys.Count > 1 ? prefix : null;
    }

    private string Describe()
    {
        var parts = NestedDicts.Select(n => $"'{n.Key}' ({n.Value} tensors)").ToList();
        parts.AddRange(OtherValues.Keys.Where(k => !k.Contains('.', StringComparison.Ordinal)).Take(4).Select(k => $"'{k}'"));
        return $"the file holds a dict of {string.Join(", ", parts)}";
    }

    private static IReadOnlyDictionary<string, Tensor> Strip(IEnumerable<KeyValuePair<string, Tensor>> tensors, string prefix)
    {
        var stripped = new OrderedDictionary<string, Tensor>();
        foreach (var (name, tensor) in tensors)
        {
            stripped[name[prefix.Length..]] = tensor;
        }

        return stripped;
    }
}
