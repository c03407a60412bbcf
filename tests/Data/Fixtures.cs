using System.Buffers.Binary;
using System.Text.Json;
using IlgpuNet.Data;

namespace IlgpuNet.Tests.Data;

/// <summary>Reads tests/fixtures/data (written by tests/fixtures/make_data_fixtures.py): float64 arrays and scalars.</summary>
internal static class Fixtures
{
    private static readonly Lazy<(string Folder, JsonElement Manifest)> Loaded = new(Load);

    public static double[] Array(string name, out int[] shape)
    {
        var entry = Loaded.Value.Manifest.GetProperty(name);
        shape = entry.GetProperty("shape").EnumerateArray().Select(e => e.GetInt32()).ToArray();
        var bytes = File.ReadAllBytes(Path.Combine(Loaded.Value.Folder, entry.GetProperty("file").GetString()!));
        var values = new double[bytes.Length / 8];
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = BinaryPrimitives.ReadDoubleLittleEndian(bytes.AsSpan(i * 8));
        }

        return values;
    }

    /// <summary>A CHW array as a FloatImage.</summary>
    public static FloatImage Image(string name)
    {
        var values = Array(name, out var shape);
        return new FloatImage(shape[0], shape[1], shape[2], values.Select(v => (float)v).ToArray());
    }

    public static double Value(string name) => Loaded.Value.Manifest.GetProperty(name).GetProperty("value").GetDouble();

    private static (string, JsonElement) Load()
    {
        var folder = FolderOf("data");
        using var document = JsonDocument.Parse(File.ReadAllText(Path.Combine(folder, "manifest.json")));
        return (folder, document.RootElement.Clone());
    }

    /// <summary>tests/fixtures/<paramref name="name"/>, found above the test assembly by its manifest.json.</summary>
    internal static string FolderOf(string name)
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory != null; directory = directory.Parent)
        {
            var folder = Path.Combine(directory.FullName, "tests", "fixtures", name);
            if (File.Exists(Path.Combine(folder, "manifest.json")))
            {
                return folder;
            }
        }

        throw new DirectoryNotFoundException($"tests/fixtures/{name}/manifest.json not found above " + AppContext.BaseDirectory);
    }
}
