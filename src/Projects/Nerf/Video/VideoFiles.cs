namespace IlgpuNet.Nerf.Video;

/// <summary>The files a video command wrote, and why an MP4 is missing when it is (null when none is).</summary>
public sealed record VideoFiles(IReadOnlyList<string> Written, string? Mp4Skipped);
