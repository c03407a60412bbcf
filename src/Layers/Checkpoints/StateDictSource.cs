namespace IlgpuNet.Layers.Checkpoints;

/// <summary>
/// Where a state dict comes from, as <c>--pretrained</c> names it: a file, optionally <c>FILE:KEY</c> for the dict nested
/// under KEY (a training checkpoint's <c>{"epoch": …, "state_dict": {…}, "optimizer": …}</c>), and a key prefix to strip
/// (<c>module.</c>, which nn.DataParallel puts before every key).
/// </summary>
public sealed record StateDictSource(string Path, string? Key = null, string? StripPrefix = null)
{
    /// <summary>
    /// <c>FILE</c> or <c>FILE:KEY</c>. The text is split at its last ':' unless the whole of it names an existing file, so
    /// a file whose name holds a colon still loads.
    /// </summary>
    public static StateDictSource Parse(string text, string? stripPrefix = null)
    {
        int colon = text.LastIndexOf(':');
        bool selects = colon > 0 && colon < text.Length - 1 && !File.Exists(text) && text.IndexOf('/', colon) < 0;
        return selects ? new StateDictSource(text[..colon], text[(colon + 1)..], stripPrefix) : new StateDictSource(text, null, stripPrefix);
    }

    public override string ToString() => Key == null ? Path : $"{Path}:{Key}";
}
