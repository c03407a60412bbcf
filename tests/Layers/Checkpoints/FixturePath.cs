namespace IlgpuNet.Tests.Layers.Checkpoints;

/// <summary>Finds tests/fixtures/... by walking up from the test binaries to the repository root.</summary>
public static class FixturePath
{
    public static string Of(params string[] parts)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir != null; dir = dir.Parent)
        {
            var candidate = Path.Combine([dir.FullName, "tests", "fixtures", .. parts]);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new FileNotFoundException($"fixture tests/fixtures/{string.Join('/', parts)} not found above {AppContext.BaseDirectory}");
    }
}
