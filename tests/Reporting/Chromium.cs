using System.Diagnostics;

namespace IlgpuNet.Tests.Reporting;

/// <summary>Headless Chromium, as `make deps` installs it (Debian `chromium`): finds the binary and runs one page.</summary>
internal static class Chromium
{
    private static readonly string[] Names = ["chromium", "chromium-browser", "google-chrome", "google-chrome-stable"];

    /// <summary>$ILGPUNET_CHROMIUM, else the first of the usual names on PATH; null when none is installed.</summary>
    public static string? Executable { get; } = Find();

    public static bool IsCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    /// <summary>Loads <paramref name="htmlPath"/> offline, lets its load handlers run, and returns the DOM as it is then.</summary>
    public static string DumpDom(string htmlPath, string profileDirectory) =>
        Run(profileDirectory, "--dump-dom", new Uri(htmlPath).AbsoluteUri);

    /// <summary>Writes a PNG of the page at the given window size.</summary>
    public static void Screenshot(string htmlPath, string pngPath, string profileDirectory, int width = 1100, int height = 4000) =>
        Run(profileDirectory, $"--screenshot={pngPath}", $"--window-size={width},{height}", "--hide-scrollbars", new Uri(htmlPath).AbsoluteUri);

    private static string Run(string profileDirectory, params string[] arguments)
    {
        var start = new ProcessStartInfo(Executable ?? throw new InvalidOperationException("Chromium is not installed"))
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[]
        {
            "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
            "--disable-component-update", "--disable-sync", "--disable-extensions", $"--user-data-dir={profileDirectory}",
            "--virtual-time-budget=5000",
        }.Concat(arguments))
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromSeconds(60)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException("Chromium did not finish within 60 s");
        }

        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"Chromium exited with {process.ExitCode}: {stderr.Result}");
        }

        return stdout.Result;
    }

    private static string? Find()
    {
        var configured = Environment.GetEnvironmentVariable("ILGPUNET_CHROMIUM");
        if (!string.IsNullOrEmpty(configured))
        {
            return File.Exists(configured) ? configured : null;
        }

        var path = Environment.GetEnvironmentVariable("PATH") ?? "";
        return path.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .SelectMany(directory => Names.Select(name => Path.Combine(directory, name)))
            .FirstOrDefault(File.Exists);
    }
}
