using IlgpuNet.Tensors.IO;

namespace IlgpuNet.Reporting;

/// <summary>A figure rendered as a self-contained SVG document (no scripts, no external fonts or images).</summary>
public abstract class Chart
{
    public string Title { get; set; } = "";

    public string XLabel { get; set; } = "";

    public string YLabel { get; set; } = "";

    /// <summary>Width of the whole figure in CSS pixels.</summary>
    public int Width { get; set; } = 640;

    public int Height { get; set; } = 400;

    public abstract string ToSvg();

    /// <summary>Writes the SVG to <paramref name="path"/> (temporary file, then rename).</summary>
    public void Save(string path) => AtomicFile.WriteAllText(path, ToSvg());

    public override string ToString() => ToSvg();
}
