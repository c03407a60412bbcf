namespace IlgpuNet.Nerf.Rendering;

/// <summary>
/// The pinhole camera of a Blender scene: <see cref="Width"/> x <see cref="Height"/> pixels, focal length in pixels.
/// Camera axes are OpenGL's (x right, y up, looking down -z); the ray through pixel (x, y) passes through its centre:
/// d_camera = ((x + 0.5 - W/2) / f, -(y + 0.5 - H/2) / f, -1), d = R d_camera, o = t for the camera-to-world matrix [R | t].
/// Directions are not normalised: a sample at parameter s along the ray lies at depth s in front of the camera.
/// </summary>
public sealed record PinholeCamera(int Width, int Height, double Focal)
{
    /// <summary>Focal length from the horizontal field of view, as the Blender format stores it.</summary>
    public static PinholeCamera FromFieldOfView(int width, int height, double cameraAngleX) =>
        new(width, height, 0.5 * width / Math.Tan(0.5 * cameraAngleX));

    /// <summary>Origin and direction of the ray through the centre of pixel (<paramref name="x"/>, <paramref name="y"/>).</summary>
    /// <param name="cameraToWorld">4x4 row-major camera-to-world matrix.</param>
    public void Ray(ReadOnlySpan<double> cameraToWorld, int x, int y, Span<float> origin, Span<float> direction) =>
        RayThrough(cameraToWorld, x + 0.5, y + 0.5, origin, direction);

    /// <summary>The ray through image point (<paramref name="u"/>, <paramref name="v"/>): pixel (x, y) spans [x, x + 1) x [y, y + 1).</summary>
    public void RayThrough(ReadOnlySpan<double> cameraToWorld, double u, double v, Span<float> origin, Span<float> direction)
    {
        double cx = (u - (0.5 * Width)) / Focal, cy = -(v - (0.5 * Height)) / Focal;
        for (int row = 0; row < 3; row++)
        {
            direction[row] = (float)((cameraToWorld[4 * row] * cx) + (cameraToWorld[(4 * row) + 1] * cy) - cameraToWorld[(4 * row) + 2]);
            origin[row] = (float)cameraToWorld[(4 * row) + 3];
        }
    }
}
