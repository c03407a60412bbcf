using System.Runtime.InteropServices;
using System.Text.Json;

namespace IlgpuNet.Tests.Data.Imaging;

/// <summary>tests/fixtures/images (written by tests/fixtures/make_image_fixtures.py): image files and the pixels PIL decodes from them.</summary>
internal static class ImageFixtures
{
    private static readonly Lazy<(string Folder, JsonElement Manifest)> Loaded = new(Load);

    public static string Folder => Loaded.Value.Folder;

    public static string PathOf(string file) => Path.Combine(Folder, file);

    public static byte[] Bytes(string file) => File.ReadAllBytes(PathOf(file));

    /// <summary>PIL's pixels of <paramref name="file"/>, HWC; 16-bit samples widened to int.</summary>
    public static Expected Pixels(string file)
    {
        var entry = Loaded.Value.Manifest.GetProperty(file);
        var raw = File.ReadAllBytes(PathOf(entry.GetProperty("pixels").GetString()!));
        int bits = entry.GetProperty("bits").GetInt32();
        int[] samples = bits == 16 ? MemoryMarshal.Cast<byte, ushort>(raw).ToArray().Select(v => (int)v).ToArray() : raw.Select(v => (int)v).ToArray();
        return new Expected(entry.GetProperty("width").GetInt32(), entry.GetProperty("height").GetInt32(), entry.GetProperty("channels").GetInt32(),
            bits, samples, entry.GetProperty("tolerance").GetInt32());
    }

    private static (string, JsonElement) Load()
    {
        var folder = Fixtures.FolderOf("images");
        using var document = JsonDocument.Parse(File.ReadAllText(Path.Combine(folder, "manifest.json")));
        return (folder, document.RootElement.Clone());
    }

    public sealed record Expected(int Width, int Height, int Channels, int Bits, int[] Samples, int Tolerance);
}
