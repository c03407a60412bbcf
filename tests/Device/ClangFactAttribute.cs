namespace IlgpuNet.Tests.Device;

/// <summary>A fact that needs clang-14: skipped with the reason when it is absent, unless CI=true (then it fails).</summary>
public sealed class ClangFactAttribute : FactAttribute
{
    public ClangFactAttribute()
    {
        if (Clang.Path is null && Environment.GetEnvironmentVariable("CI") != "true")
        {
            Skip = "clang-14 not found on PATH (make deps installs it)";
        }
    }
}

public static class Clang
{
    public static string? Path { get; } = Environment.GetEnvironmentVariable("PATH")?
        .Split(System.IO.Path.PathSeparator)
        .Select(d => System.IO.Path.Combine(d, "clang-14"))
        .FirstOrDefault(File.Exists);
}
