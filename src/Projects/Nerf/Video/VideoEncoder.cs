using System.Diagnostics;
using IlgpuNet.Data.Imaging;

namespace IlgpuNet.Nerf.Video;

/// <summary>
/// Writes frames as an animated GIF (always, through ImageSharp) and as H.264 MP4 through Debian's ffmpeg when it is
/// installed. <see cref="FfmpegPath"/> finds ffmpeg on PATH.
/// </summary>
public static class VideoEncoder
{
    /// <summary>ffmpeg's path, or null when it is not installed (apt-get install ffmpeg).</summary>
    public static string? FfmpegPath { get; } = FindOnPath("ffmpeg");

    public static void WriteAnimatedGif(string path, IReadOnlyList<ByteImage> frames, int framesPerSecond)
    {
        using var writer = new AnimatedGifWriter(path, frameDelayMilliseconds: 1000 / framesPerSecond);
        foreach (var frame in frames)
        {
            writer.AddFrame(frame);
        }
    }

    /// <summary>H.264 (yuv420p, CRF 18) from the frames; needs <see cref="FfmpegPath"/>.</summary>
    public static void WriteMp4(string path, IReadOnlyList<ByteImage> frames, int framesPerSecond)
    {
        string ffmpeg = FfmpegPath ?? throw new InvalidOperationException("ffmpeg is not installed (apt-get install ffmpeg)");
        string folder = Directory.CreateTempSubdirectory("ilgpunet-video-").FullName;
        try
        {
            for (int i = 0; i < frames.Count; i++)
            {
                ImageFile.Write(Path.Combine(folder, $"frame-{i:D5}.png"), frames[i]);
            }

            // even sizes for yuv420p; -y overwrites a previous video at the same path
            var info = new ProcessStartInfo(ffmpeg) { RedirectStandardError = true, RedirectStandardOutput = true };
            foreach (var arg in new[] { "-y", "-loglevel", "error", "-framerate", framesPerSecond.ToString(System.Globalization.CultureInfo.InvariantCulture),
                "-i", Path.Combine(folder, "frame-%05d.png"), "-vf", "pad=ceil(iw/2)*2:ceil(ih/2)*2", "-c:v", "libx264", "-pix_fmt", "yuv420p", "-crf", "18", Path.GetFullPath(path) })
            {
                info.ArgumentList.Add(arg);
            }

            using var process = Process.Start(info)!;
            var error = process.StandardError.ReadToEndAsync();
            process.StandardOutput.ReadToEnd();
            process.WaitForExit();
            if (process.ExitCode != 0)
            {
                throw new IOException($"{path}: ffmpeg failed ({error.Result.Trim()})");
            }
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static string? FindOnPath(string program) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(folder => Path.Combine(folder, program)).FirstOrDefault(File.Exists);
}
