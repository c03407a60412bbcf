namespace IlgpuNet.Nerf.Rendering;

/// <summary>Camera-to-world matrices (4x4 row-major, OpenGL axes) that look at the origin, as the Blender scenes' cameras do.</summary>
public static class CameraPoses
{
    /// <summary>A camera at <paramref name="radius"/> from the origin, at azimuth and elevation (degrees, z up), looking at the origin.</summary>
    public static double[] OnSphere(double radius, double azimuthDegrees, double elevationDegrees)
    {
        double azimuth = azimuthDegrees * Math.PI / 180, elevation = elevationDegrees * Math.PI / 180;
        var position = new[]
        {
            radius * Math.Cos(elevation) * Math.Cos(azimuth),
            radius * Math.Cos(elevation) * Math.Sin(azimuth),
            radius * Math.Sin(elevation),
        };
        return LookAt(position, [0, 0, 0], [0, 0, 1]);
    }

    /// <summary>Camera at <paramref name="eye"/> looking at <paramref name="target"/>: columns x (right), y (up), z = -forward, translation.</summary>
    public static double[] LookAt(double[] eye, double[] target, double[] up)
    {
        var forward = Normalize([target[0] - eye[0], target[1] - eye[1], target[2] - eye[2]]);
        var right = Normalize(Cross(forward, up));
        var cameraUp = Cross(right, forward);
        return
        [
            right[0], cameraUp[0], -forward[0], eye[0],
            right[1], cameraUp[1], -forward[1], eye[1],
            right[2], cameraUp[2], -forward[2], eye[2],
            0, 0, 0, 1,
        ];
    }

    private static double[] Cross(double[] a, double[] b) =>
        [(a[1] * b[2]) - (a[2] * b[1]), (a[2] * b[0]) - (a[0] * b[2]), (a[0] * b[1]) - (a[1] * b[0])];

    private static double[] Normalize(double[] v)
    {
        double norm = Math.Sqrt((v[0] * v[0]) + (v[1] * v[1]) + (v[2] * v[2]));
        return [v[0] / norm, v[1] / norm, v[2] / norm];
    }
}
