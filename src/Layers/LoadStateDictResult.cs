namespace IlgpuNet.Layers;

/// <summary>
/// What <see cref="Module.LoadStateDict"/> found: the model's keys the checkpoint lacks, the checkpoint's keys the
/// model lacks, and entries of the wrong shape (not loaded). All empty means everything loaded.
/// </summary>
public sealed record LoadStateDictResult(IReadOnlyList<string> MissingKeys, IReadOnlyList<string> UnexpectedKeys,
    IReadOnlyList<StateDictMismatch> ShapeMismatches)
{
    public bool IsClean => MissingKeys.Count == 0 && UnexpectedKeys.Count == 0 && ShapeMismatches.Count == 0;

    public override string ToString()
    {
        var lines = new List<string>();
        if (MissingKeys.Count > 0)
        {
            lines.Add($"Missing key(s) in state_dict: {string.Join(", ", MissingKeys.Select(k => $"\"{k}\""))}.");
        }

        if (UnexpectedKeys.Count > 0)
        {
            lines.Add($"Unexpected key(s) in state_dict: {string.Join(", ", UnexpectedKeys.Select(k => $"\"{k}\""))}.");
        }

        foreach (var m in ShapeMismatches)
        {
            lines.Add($"size mismatch for {m}.");
        }

        if (WrappingPrefix() is { } prefix)
        {
            lines.Add($"Every unexpected key is a missing key behind '{prefix}' (a state dict nested in a checkpoint, or saved from nn.DataParallel): " +
                $"strip it ({(prefix == "module." ? "--strip-prefix module." : $"--pretrained FILE:{prefix.TrimEnd('.')}")}, or StateDictSource in C#).");
        }

        return lines.Count == 0 ? "<All keys matched successfully>" : string.Join("\n", lines);
    }

    /// <summary>The prefix ("module.", "state_dict.") that turns every missing key into an unexpected one, if there is one.</summary>
    public string? WrappingPrefix()
    {
        if (MissingKeys.Count == 0 || UnexpectedKeys.Count == 0)
        {
            return null;
        }

        var missing = MissingKeys.ToHashSet();
        string first = UnexpectedKeys.FirstOrDefault(k => missing.Any(m => k.EndsWith("." + m, StringComparison.Ordinal))) ?? "";
        string? prefix = missing.Where(m => first.EndsWith("." + m, StringComparison.Ordinal)).Select(m => first[..^m.Length]).FirstOrDefault();
        return prefix != null && missing.All(m => UnexpectedKeys.Contains(prefix + m)) ? prefix : null;
    }
}
