namespace IlgpuNet.Detection;

/// <summary>How a gray 28×28 object image is pasted onto a background.</summary>
public enum PasteStyle
{
    /// <summary>An item with its own shading (Fashion-MNIST): opaque wherever the item is, its gray levels in one random colour.</summary>
    Tinted,

    /// <summary>Strokes (MNIST digits): the stroke intensity is the opacity of one ink colour, dark on light backgrounds and light on dark.</summary>
    Ink,
}
