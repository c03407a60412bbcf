using System.Text.Json;
using IlgpuNet.Tensors;

namespace IlgpuNet.Tests.Layers;

/// <summary>
/// One fixture file of tests/fixtures/layers: a safetensors file (8-byte header length, JSON header, raw
/// little-endian data) holding "case.name" tensors in F64/I64, and per-case settings in __metadata__.
/// </summary>
internal sealed class Fixture
{
    private static readonly Dictionary<string, Fixture> Cache = [];
    private readonly Dictionary<string, Tensor> tensors = [];
    private readonly Dictionary<string, JsonElement> cases = [];

    private Fixture(string path)
    {
        var bytes = File.ReadAllBytes(path);
        long headerLength = BitConverter.ToInt64(bytes, 0);
        using var header = JsonDocument.Parse(bytes.AsMemory(8, (int)headerLength));
        int dataStart = 8 + (int)headerLength;
        foreach (var entry in header.RootElement.EnumerateObject())
        {
            if (entry.Name == "__metadata__")
            {
                foreach (var meta in entry.Value.EnumerateObject())
                {
                    cases[meta.Name] = JsonDocument.Parse(meta.Value.GetString()!).RootElement.Clone();
                }

                continue;
            }

            var shape = entry.Value.GetProperty("shape").EnumerateArray().Select(e => e.GetInt32()).ToArray();
            var offsets = entry.Value.GetProperty("data_offsets").EnumerateArray().Select(e => e.GetInt32()).ToArray();
            var span = bytes.AsSpan(dataStart + offsets[0], offsets[1] - offsets[0]);
            tensors[entry.Name] = entry.Value.GetProperty("dtype").GetString() switch
            {
                "F64" => Tensor.FromArray(System.Runtime.InteropServices.MemoryMarshal.Cast<byte, double>(span).ToArray(), shape),
                "I64" => Tensor.FromArray(System.Runtime.InteropServices.MemoryMarshal.Cast<byte, long>(span).ToArray(), shape),
                var other => throw new InvalidDataException($"fixture dtype {other}"),
            };
            tensors[entry.Name] = tensors[entry.Name].Reshape(shape); // FromArray reads an empty shape as 1-D
        }
    }

    public static string Directory => Path.Combine(AppContext.BaseDirectory, "fixtures", "layers");

    public static Fixture Load(string file)
    {
        lock (Cache)
        {
            if (!Cache.TryGetValue(file, out var fixture))
            {
                fixture = new Fixture(Path.Combine(Directory, file));
                Cache[file] = fixture;
            }

            return fixture;
        }
    }

    public static TheoryData<string> CaseNames(string file)
    {
        var data = new TheoryData<string>();
        foreach (var name in Load(file).cases.Keys.Order())
        {
            data.Add(name);
        }

        return data;
    }

    public JsonElement Case(string name) => cases[name];

    /// <summary>The case's tensor, or null when the case has none of that name (an absent bias).</summary>
    public Tensor? Get(string caseName, string tensor) => tensors.GetValueOrDefault($"{caseName}.{tensor}");

    public Tensor this[string caseName, string tensor]
        => Get(caseName, tensor) ?? throw new KeyNotFoundException($"fixture has no {caseName}.{tensor}");

    /// <summary>A fresh float64 leaf (requires grad) copy of a fixture tensor.</summary>
    public Tensor Leaf(string caseName, string tensor)
    {
        var t = this[caseName, tensor].Clone().Detach();
        t.RequiresGrad = true;
        return t;
    }

    /// <summary>A fresh leaf copy, or null when the case has no tensor of that name (no bias, no affine).</summary>
    public Tensor? OptionalLeaf(string caseName, string tensor) => Get(caseName, tensor) != null ? Leaf(caseName, tensor) : null;
}
