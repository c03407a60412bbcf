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

        return lines.Count == 0 ? "<All keys matched successfully>" : string.Join("\n", lines);
    }
}
