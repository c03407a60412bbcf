namespace IlgpuNet.Nerf.Rendering;

/// <summary>
/// <see cref="Count"/> rays as flat arrays: origins and directions [R, 3] (directions as the camera gives them, not
/// normalised). Reused between steps: <see cref="Resize"/> keeps the arrays when they are large enough.
/// </summary>
public sealed class RayBatch
{
    public RayBatch(int capacity = 0)
    {
        Origins = new float[3 * capacity];
        Directions = new float[3 * capacity];
    }

    public int Count { get; private set; }

    public float[] Origins { get; private set; }

    public float[] Directions { get; private set; }

    public void Resize(int count)
    {
        if (Origins.Length < 3 * count)
        {
            Origins = new float[3 * count];
            Directions = new float[3 * count];
        }

        Count = count;
    }

    /// <summary>The rays through every pixel of one view, row by row.</summary>
    public static RayBatch ForView(PinholeCamera camera, ReadOnlySpan<double> cameraToWorld)
    {
        var batch = new RayBatch(camera.Width * camera.Height);
        batch.Resize(camera.Width * camera.Height);
        for (int y = 0, r = 0; y < camera.Height; y++)
        {
            for (int x = 0; x < camera.Width; x++, r++)
            {
                camera.Ray(cameraToWorld, x, y, batch.Origins.AsSpan(3 * r, 3), batch.Directions.AsSpan(3 * r, 3));
            }
        }

        return batch;
    }

    /// <summary>Rays [start, start + count) of this batch as a new batch (for rendering a view in chunks).</summary>
    public RayBatch Slice(int start, int count)
    {
        var part = new RayBatch(count);
        part.Resize(count);
        Origins.AsSpan(3 * start, 3 * count).CopyTo(part.Origins);
        Directions.AsSpan(3 * start, 3 * count).CopyTo(part.Directions);
        return part;
    }
}
