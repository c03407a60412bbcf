namespace IlgpuNet.Data.Datasets;

/// <summary>What shows through transparent pixels of a Blender scene's RGBA views.</summary>
public enum BlenderBackground
{
    White,
    Black,
}
