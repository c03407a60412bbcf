using System.IO.Compression;
using System.Text.Json.Nodes;
using IlgpuNet.Kernels;
using IlgpuNet.Layers.Checkpoints;

namespace IlgpuNet.Tests.Layers.Checkpoints;

/// <summary>State dicts written by torch.save (PyTorch 1.13, tests/fixtures/make_optim_fixtures.py).</summary>
public sealed class PthReaderTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("ilgpunet-pth-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    private static DType ParseDType(string name) => name switch
    {
        "float32" or "float16" => DType.Float32,
        "float64" => DType.Float64,
        "int64" => DType.Int64,
        "int32" => DType.Int32,
        "uint8" => DType.UInt8,
        "bool" => DType.Bool,
        _ => throw new ArgumentException(name),
    };

    private static void AssertMatches(JsonObject expected, IReadOnlyDictionary<string, IlgpuNet.Tensors.Tensor> tensors)
    {
        foreach (var (name, node) in expected)
        {
            var tensor = tensors[name];
            Assert.Equal(ParseDType(node!["dtype"]!.GetValue<string>()), tensor.DType);
            Assert.Equal(node["shape"]!.AsArray().Select(d => d!.GetValue<int>()), tensor.Shape);
            Assert.Equal(node["values"]!.AsArray().Select(v => v!.GetValue<double>()), tensor.ToDoubleArray());
        }
    }

    [Fact]
    public void Read_MixedDtypesViewsAndNestedDicts_ReproducesPyTorchValues()
    {
        var expected = JsonNode.Parse(File.ReadAllText(FixturePath.Of("checkpoints", "mixed_state.json")))!;
        var file = PthReader.Read(FixturePath.Of("checkpoints", "mixed_state.pth"));
        Assert.Equal(expected["keys"]!.AsArray().Select(k => k!.GetValue<string>()), file.Tensors.Keys);
        AssertMatches(expected["tensors"]!.AsObject(), file.Tensors);
        Assert.Equal(12L, file.OtherValues["epoch"]);
    }

    [Fact]
    public void ReadStateDict_ModuleStateDict_WithMetadataAndBatchNormBuffers()
    {
        var expected = JsonNode.Parse(File.ReadAllText(FixturePath.Of("checkpoints", "module_state.json")))!.AsObject();
        var tensors = PthReader.ReadStateDict(FixturePath.Of("checkpoints", "module_state.pth"));
        Assert.Equal(expected.Select(kv => kv.Key), tensors.Keys);
        AssertMatches(expected, tensors);
    }

    [Fact]
    public void Read_PickledModule_NamesTheClass()
    {
        var path = FixturePath.Of("checkpoints", "whole_module.pth");
        var error = Assert.Throws<InvalidDataException>(() => PthReader.Read(path));
        Assert.Contains(path, error.Message);
        Assert.Contains("torch.nn.modules.linear.Linear", error.Message);
        Assert.Contains("state_dict()", error.Message);
    }

    [Fact]
    public void Read_NotAZip_SaysSo()
    {
        var path = Path.Combine(folder, "legacy.pth");
        File.WriteAllBytes(path, [0x80, 0x02, 0x8a, 0x0a, 1, 2, 3]);
        var error = Assert.Throws<InvalidDataException>(() => PthReader.Read(path));
        Assert.Contains(path, error.Message);
        Assert.Contains("not a zip archive", error.Message);
    }

    [Fact]
    public void Read_TruncatedPickle_ThrowsInvalidDataNamingFile()
    {
        var path = RewriteEntry("data.pkl", bytes => bytes[..(bytes.Length / 2)]);
        var error = Assert.Throws<InvalidDataException>(() => PthReader.Read(path));
        Assert.Contains(path, error.Message);
    }

    [Fact]
    public void Read_TruncatedStorage_NamesStorage()
    {
        var path = RewriteEntry("data/0", bytes => bytes[..2]);
        var error = Assert.Throws<InvalidDataException>(() => PthReader.Read(path));
        Assert.Contains(path, error.Message);
        Assert.Contains("storage '0'", error.Message);
    }

    [Fact]
    public void Read_TruncatedZip_ThrowsInvalidDataNamingFile()
    {
        var path = Path.Combine(folder, "cut.pth");
        var bytes = File.ReadAllBytes(FixturePath.Of("checkpoints", "mixed_state.pth"));
        File.WriteAllBytes(path, bytes[..(bytes.Length - 100)]);
        var error = Assert.Throws<InvalidDataException>(() => PthReader.Read(path));
        Assert.Contains(path, error.Message);
    }

    /// <summary>A copy of mixed_state.pth under another top-level folder name, one entry rewritten.</summary>
    private string RewriteEntry(string suffix, Func<byte[], byte[]> rewrite)
    {
        var path = Path.Combine(folder, $"rewritten-{suffix.Replace('/', '_')}.pth");
        using var source = ZipFile.OpenRead(FixturePath.Of("checkpoints", "mixed_state.pth"));
        using var target = ZipFile.Open(path, ZipArchiveMode.Create);
        foreach (var entry in source.Entries)
        {
            using var input = entry.Open();
            using var buffer = new MemoryStream();
            input.CopyTo(buffer);
            var bytes = buffer.ToArray();
            string relative = entry.FullName[(entry.FullName.IndexOf('/') + 1)..];
            using var output = target.CreateEntry("renamed_folder/" + relative).Open();
            output.Write(relative == suffix ? rewrite(bytes) : bytes);
        }

        return path;
    }
}
