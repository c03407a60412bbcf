using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using IlgpuNet.Data.Imaging;
using IlgpuNet.Nerf.Rendering;

namespace IlgpuNet.Nerf.Scenes;

/// <summary>
/// The project's own scene, ray-cast exactly: a checkered sphere, a glossy sphere, a striped box turned 30° and a
/// checkered disk as the ground, lit by a directional light with hard shadows, Lambert diffuse plus Phong highlights
/// (so colour depends on the view direction, as NeRF models it). Everything lies inside the cube [-1.5, 1.5]³;
/// rays that miss are transparent. <see cref="Write"/> renders it into the Blender format (RGBA PNG, 2x2 samples per
/// pixel) with train/val/test splits of cameras on the upper hemisphere looking at the origin.
/// </summary>
public static class AnalyticScene
{
    public const double CameraAngleX = 0.6911112070083618;
    public const double CameraRadius = 4.0;

    private static readonly double[] Light = Normalize([0.5, 0.3, 1.0]);
    private static readonly double[] CheckerCenter = [0.45, -0.35, -0.05];
    private const double CheckerRadius = 0.45;
    private static readonly double[] GlossyCenter = [-0.55, 0.45, -0.15];
    private const double GlossyRadius = 0.35;
    private static readonly double[] BoxCenter = [-0.35, -0.55, -0.2];
    private static readonly double[] BoxHalf = [0.3, 0.2, 0.3];
    private const double BoxTurn = Math.PI / 6;
    private const double FloorHeight = -0.5;
    private const double FloorRadius = 1.3;

    /// <summary>Writes transforms_{train,val,test}.json and {train,val,test}/r_N.png into <paramref name="folder"/>.</summary>
    public static void Write(string folder, int size, int trainViews, int valViews, int testViews, ulong seed, TextWriter? log = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(size, 8);
        var camera = PinholeCamera.FromFieldOfView(size, size, CameraAngleX);
        int offset = 0;
        foreach (var (split, count) in new[] { ("train", trainViews), ("val", valViews), ("test", testViews) })
        {
            if (count < 1)
            {
                throw new ArgumentException($"the {split} split needs at least one view, got {count}");
            }

            Directory.CreateDirectory(Path.Combine(folder, split));
            var frames = new JsonArray();
            for (int i = 0; i < count; i++)
            {
                var pose = Pose(seed, offset + i);
                ImageFile.Write(Path.Combine(folder, split, $"r_{i}.png"), Render(camera, pose));
                frames.Add(new JsonObject
                {
                    ["file_path"] = $"./{split}/r_{i}",
                    ["transform_matrix"] = new JsonArray(Enumerable.Range(0, 4).Select(r => (JsonNode)new JsonArray(pose.Skip(4 * r).Take(4).Select(v => (JsonNode)v).ToArray())).ToArray()),
                });
            }

            offset += count;
            var json = new JsonObject { ["camera_angle_x"] = CameraAngleX, ["frames"] = frames };
            File.WriteAllText(Path.Combine(folder, $"transforms_{split}.json"), json.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
            log?.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{split}: {count} views of {size}x{size}"));
        }
    }

    /// <summary>
    /// Camera <paramref name="index"/>: azimuth and elevation from Philox (seed, index), elevation 15-65° so the ground
    /// is seen from above, radius 4 (as the synthetic scenes).
    /// </summary>
    public static double[] Pose(ulong seed, int index)
    {
        var block = Kernels.Philox.Block(seed ^ 0xA5A5_5A5A_0F0F_F0F0UL, (ulong)index);
        double azimuth = Kernels.Philox.ToUniform(block.X0) * 360, elevation = 15 + (Kernels.Philox.ToUniform(block.X1) * 50);
        return CameraPoses.OnSphere(CameraRadius, azimuth, elevation);
    }

    /// <summary>One RGBA view: 2x2 samples per pixel, alpha the fraction of samples that hit the scene.</summary>
    public static ByteImage Render(PinholeCamera camera, double[] cameraToWorld)
    {
        var image = new ByteImage(camera.Width, camera.Height, 4);
        Parallel.For(0, camera.Height, y =>
        {
            Span<float> origin = stackalloc float[3];
            Span<float> direction = stackalloc float[3];
            for (int x = 0; x < camera.Width; x++)
            {
                double r = 0, g = 0, b = 0, coverage = 0;
                for (int s = 0; s < 4; s++)
                {
                    camera.RayThrough(cameraToWorld, x + 0.25 + (0.5 * (s & 1)), y + 0.25 + (0.5 * (s >> 1)), origin, direction);
                    if (Shade([origin[0], origin[1], origin[2]], Normalize([direction[0], direction[1], direction[2]])) is { } color)
                    {
                        (r, g, b, coverage) = (r + color[0], g + color[1], b + color[2], coverage + 1);
                    }
                }

                // stored premultiplied-free: colour of the covered part, alpha its share (what Blender writes)
                double scale = coverage > 0 ? 1 / coverage : 0;
                image.At(x, y, 0) = ToByte(r * scale);
                image.At(x, y, 1) = ToByte(g * scale);
                image.At(x, y, 2) = ToByte(b * scale);
                image.At(x, y, 3) = ToByte(coverage / 4);
            }
        });
        return image;
    }

    // Colour seen along the ray, or null when it leaves the scene.
    private static double[]? Shade(double[] origin, double[] direction)
    {
        if (Nearest(origin, direction) is not { } hit)
        {
            return null;
        }

        var point = Add(origin, Scale(direction, hit.Distance));
        var (albedo, specular, shininess) = Material(hit.Surface, point);
        bool lit = Dot(hit.Normal, Light) > 0 && Nearest(Add(point, Scale(hit.Normal, 1e-4)), Light) is null;
        double diffuse = lit ? Dot(hit.Normal, Light) : 0;
        var reflected = Add(Scale(hit.Normal, 2 * Dot(hit.Normal, Light)), Scale(Light, -1));
        double highlight = lit ? specular * Math.Pow(Math.Max(0, -Dot(reflected, direction)), shininess) : 0;
        return [(albedo[0] * (0.25 + (0.75 * diffuse))) + highlight, (albedo[1] * (0.25 + (0.75 * diffuse))) + highlight, (albedo[2] * (0.25 + (0.75 * diffuse))) + highlight];
    }

    private static (double[] Albedo, double Specular, double Shininess) Material(Surface surface, double[] p)
    {
        switch (surface)
        {
            case Surface.CheckerSphere:
                {
                    var q = Add(p, Scale(CheckerCenter, -1));
                    double theta = Math.Acos(Math.Clamp(q[2] / CheckerRadius, -1, 1)), phi = Math.Atan2(q[1], q[0]);
                    bool odd = ((int)Math.Floor(theta / Math.PI * 6) + (int)Math.Floor((phi + Math.PI) / Math.PI * 6)) % 2 == 1;
                    return (odd ? [0.85, 0.15, 0.1] : [0.95, 0.92, 0.85], 0.25, 20);
                }

            case Surface.GlossySphere:
                return ([0.15, 0.35 + (0.3 * (p[2] - GlossyCenter[2] + GlossyRadius) / (2 * GlossyRadius)), 0.85], 0.8, 60);
            case Surface.Box:
                {
                    double stripe = Math.Sin(18 * (p[0] + p[1] + p[2]));
                    return (stripe > 0 ? [0.2, 0.65, 0.25] : [0.95, 0.8, 0.2], 0.15, 10);
                }

            default:
                {
                    bool odd = ((int)Math.Floor(p[0] * 4) + (int)Math.Floor(p[1] * 4)) % 2 != 0;
                    return (odd ? [0.45, 0.45, 0.5] : [0.8, 0.8, 0.78], 0.1, 8);
                }
        }
    }

    private static (double Distance, double[] Normal, Surface Surface)? Nearest(double[] o, double[] d)
    {
        (double Distance, double[] Normal, Surface Surface)? best = null;
        void Keep(double t, double[] normal, Surface surface)
        {
            if (t > 0 && (best is null || t < best.Value.Distance))
            {
                best = (t, normal, surface);
            }
        }

        if (Sphere(o, d, CheckerCenter, CheckerRadius) is double t1)
        {
            Keep(t1, Normalize(Add(Add(o, Scale(d, t1)), Scale(CheckerCenter, -1))), Surface.CheckerSphere);
        }

        if (Sphere(o, d, GlossyCenter, GlossyRadius) is double t2)
        {
            Keep(t2, Normalize(Add(Add(o, Scale(d, t2)), Scale(GlossyCenter, -1))), Surface.GlossySphere);
        }

        if (Box(o, d) is { } box)
        {
            Keep(box.Distance, box.Normal, Surface.Box);
        }

        if (Math.Abs(d[2]) > 1e-12)
        {
            double t = (FloorHeight - o[2]) / d[2];
            double x = o[0] + (t * d[0]), y = o[1] + (t * d[1]);
            if ((x * x) + (y * y) <= FloorRadius * FloorRadius)
            {
                Keep(t, [0, 0, o[2] > FloorHeight ? 1 : -1], Surface.Floor);
            }
        }

        return best;
    }

    private static double? Sphere(double[] o, double[] d, double[] center, double radius)
    {
        var oc = Add(o, Scale(center, -1));
        double b = Dot(oc, d), c = Dot(oc, oc) - (radius * radius), disc = (b * b) - c;
        if (disc < 0)
        {
            return null;
        }

        double near = -b - Math.Sqrt(disc), far = -b + Math.Sqrt(disc);
        return near > 1e-9 ? near : far > 1e-9 ? far : null;
    }

    // Slab test in the box's own frame (turned about z), normal of the face entered, turned back.
    private static (double Distance, double[] Normal)? Box(double[] o, double[] d)
    {
        double cos = Math.Cos(-BoxTurn), sin = Math.Sin(-BoxTurn);
        double[] Local(double[] v) => [(cos * v[0]) - (sin * v[1]), (sin * v[0]) + (cos * v[1]), v[2]];
        var lo = Local(Add(o, Scale(BoxCenter, -1)));
        var ld = Local(d);
        double near = double.NegativeInfinity, far = double.PositiveInfinity;
        int axis = 0;
        double sign = 1;
        for (int a = 0; a < 3; a++)
        {
            if (Math.Abs(ld[a]) < 1e-12)
            {
                if (Math.Abs(lo[a]) > BoxHalf[a])
                {
                    return null;
                }

                continue;
            }

            double t0 = (-BoxHalf[a] - lo[a]) / ld[a], t1 = (BoxHalf[a] - lo[a]) / ld[a];
            double enter = Math.Min(t0, t1);
            if (enter > near)
            {
                (near, axis, sign) = (enter, a, ld[a] > 0 ? -1 : 1);
            }

            far = Math.Min(far, Math.Max(t0, t1));
        }

        if (near > far || far < 1e-9 || near < 1e-9)
        {
            return null;
        }

        var normal = new double[3];
        normal[axis] = sign;
        return (near, [(Math.Cos(BoxTurn) * normal[0]) - (Math.Sin(BoxTurn) * normal[1]), (Math.Sin(BoxTurn) * normal[0]) + (Math.Cos(BoxTurn) * normal[1]), normal[2]]);
    }

    private static double Dot(double[] a, double[] b) => (a[0] * b[0]) + (a[1] * b[1]) + (a[2] * b[2]);

    private static byte ToByte(double v) => (byte)Math.Clamp(Math.Round(v * 255), 0, 255);

    private static double[] Add(double[] a, double[] b) => [a[0] + b[0], a[1] + b[1], a[2] + b[2]];

    private static double[] Scale(double[] a, double s) => [a[0] * s, a[1] * s, a[2] * s];

    private static double[] Normalize(double[] v) => Scale(v, 1 / Math.Sqrt(Dot(v, v)));

    private enum Surface
    {
        CheckerSphere,
        GlossySphere,
        Box,
        Floor,
    }
}
