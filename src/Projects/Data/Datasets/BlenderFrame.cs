namespace IlgpuNet.Data.Datasets;

/// <summary>One view of a Blender scene: its image file and 4x4 camera-to-world matrix (row-major, OpenGL camera axes).</summary>
public sealed record BlenderFrame(string ImagePath, double[] CameraToWorld);
