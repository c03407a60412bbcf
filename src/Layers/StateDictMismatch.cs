namespace IlgpuNet.Layers;

/// <summary>A state-dict entry whose shape differs from the module's tensor of the same name.</summary>
public sealed record StateDictMismatch(string Key, int[] Expected, int[] Actual)
{
    public override string ToString()
        => $"{Key}: checkpoint has shape ({string.Join(", ", Actual)}), the model ({string.Join(", ", Expected)})";
}
