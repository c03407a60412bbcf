using System.Text.Json;
using IlgpuNet.Nerf.Scenes;
using IlgpuNet.Nerf.Training;

namespace IlgpuNet.Nerf.Report;

/// <summary>
/// One training run as the study report reads it: its options and scene (from the newest checkpoint), metrics, test
/// scores (summary.json, once training has finished) and the figures and videos in its folder.
/// </summary>
public sealed record StudyRun(string Folder, NerfOptions Options, SceneInfo Scene, int Steps, RunMetrics Metrics, double? TestPsnr, double? TestSsim)
{
    public string SceneName => Path.GetFileName(Scene.Folder.TrimEnd(Path.DirectorySeparatorChar));

    /// <summary>Scene, variant and resolution: what tells two runs of one report apart.</summary>
    public string Label => $"{SceneName}, {(Options.Variant == NerfVariant.Nerf ? "paper NeRF" : "fast")}, {Scene.Width}x{Scene.Height}";

    public string WeightsPath => File.Exists(Path.Combine(Folder, "model.safetensors")) ? Path.Combine(Folder, "model.safetensors") : NerfStudy.CheckpointOf(Folder);

    public static StudyRun Load(string folder)
    {
        string weights = File.Exists(Path.Combine(folder, "model.safetensors")) ? Path.Combine(folder, "model.safetensors") : NerfStudy.CheckpointOf(folder);
        var checkpoint = NerfCheckpoint.Load(weights);
        double? psnr = null, ssim = null;
        string summary = Path.Combine(folder, "summary.json");
        if (File.Exists(summary))
        {
            using var json = JsonDocument.Parse(File.ReadAllText(summary));
            psnr = json.RootElement.GetProperty("test_psnr").GetDouble();
            ssim = json.RootElement.GetProperty("test_ssim").GetDouble();
        }

        return new StudyRun(Path.GetFullPath(folder), checkpoint.Options, checkpoint.Scene, checkpoint.Step, RunMetrics.Read(Path.Combine(folder, "metrics.csv")), psnr, ssim);
    }

    /// <summary>Files in the run folder matching <paramref name="pattern"/> (images/test-*.png, ...), sorted.</summary>
    public IEnumerable<string> Files(string subfolder, string pattern) =>
        Directory.Exists(Path.Combine(Folder, subfolder)) ? Directory.GetFiles(Path.Combine(Folder, subfolder), pattern).Order() : [];
}
