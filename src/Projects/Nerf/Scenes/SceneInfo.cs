namespace IlgpuNet.Nerf.Scenes;

/// <summary>
/// What a checkpoint keeps about the scene it was trained on: the image size and field of view it renders at, the
/// orbit a video follows (the training cameras' mean distance from the origin and elevation), and which views were
/// trained on and held out.
/// </summary>
public sealed record SceneInfo(
    string Folder,
    int Width,
    int Height,
    double CameraAngleX,
    double OrbitRadius,
    double OrbitElevationDegrees,
    IReadOnlyList<string> TrainViews,
    IReadOnlyList<string> ValViews,
    IReadOnlyList<string> TestViews)
{
    /// <summary>Size, field of view and orbit from the training views; the view lists name each split's files.</summary>
    public static SceneInfo Describe(string folder, SceneViews train, double cameraAngleX, IReadOnlyList<string> valViews, IReadOnlyList<string> testViews)
    {
        double radius = 0, elevation = 0;
        foreach (var pose in train.Poses)
        {
            double x = pose[3], y = pose[7], z = pose[11];
            double distance = Math.Sqrt((x * x) + (y * y) + (z * z));
            radius += distance;
            elevation += Math.Asin(z / distance) * 180 / Math.PI;
        }

        return new SceneInfo(Path.GetFullPath(folder), train.Camera.Width, train.Camera.Height, cameraAngleX, radius / train.Count,
            elevation / train.Count, train.Names, valViews, testViews);
    }
}
