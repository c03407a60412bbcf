using System.IO.Compression;
using System.Text.Json.Nodes;
using IlgpuNet.Kernels;
using IlgpuNet.Layers;
using IlgpuNet.Layers.Checkpoints;
using IlgpuNet.Tensors.IO;

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
        var error = Assert.Throws<InvalidFileException>(() => PthReader.Read(path));
        Assert.Contains(path, error.Message);
        Assert.Contains("torch.nn.modules.linear.Linear", error.Message);
        Assert.Contains("state_dict()", error.Message);
    }

    [Fact]
    public void Read_WholeModelOfAnyClass_HintsAtStateDict()
    {
        var path = FixturePath.Of("checkpoints", "whole_custom_model.pth");
        var error = Assert.Throws<InvalidFileException>(() => PthReader.Read(path));
        Assert.StartsWith(path, error.Message);
        Assert.Contains("__main__.TinyNet", error.Message); // a class of the user's own, not only torch.nn.modules
        Assert.Contains("torch.save(model.state_dict(), path)", error.Message);
    }

    [Fact]
    public void TrainingCheckpoint_LoadsWithSelectorAndHintsWithout()
    {
        var path = FixturePath.Of("checkpoints", "training_checkpoint.pth");
        var file = PthReader.Read(path);
        Assert.Equal(7, file.NestedDicts["state_dict"]); // Linear weight and bias; BatchNorm1d weight, bias, running mean and var, count
        Assert.Contains($"--pretrained {path}:state_dict", file.Hint());
        Assert.Contains("'optimizer'", file.Hint());
        Assert.Contains("'epoch'", file.Hint());

        var selected = PthReader.ReadStateDict(StateDictSource.Parse(path + ":state_dict"));
        AssertValues(selected);
        var missing = Assert.Throws<InvalidFileException>(() => PthReader.ReadStateDict(StateDictSource.Parse(path + ":model")));
        Assert.Contains("no dict of tensors under 'model'", missing.Message);
        Assert.Contains("'state_dict'", missing.Message);
    }

    [Fact]
    public void DataParallelStateDict_LoadsWithStripPrefixAndHintsWithout()
    {
        var path = FixturePath.Of("checkpoints", "data_parallel_state.pth");
        var file = PthReader.Read(path);
        Assert.All(file.Tensors.Keys, key => Assert.StartsWith("module.", key));
        Assert.Contains("--strip-prefix module.", file.Hint());

        AssertValues(PthReader.ReadStateDict(new StateDictSource(path, StripPrefix: "module.")));
        var wrong = Assert.Throws<InvalidFileException>(() => PthReader.ReadStateDict(new StateDictSource(path, StripPrefix: "model.")));
        Assert.Contains("--strip-prefix model.: not every key starts with it", wrong.Message);
    }

    [Fact]
    public void StrictLoad_OfPrefixedKeys_NamesThePrefixToStrip()
    {
        var model = new Sequential(new Linear(3, 2), new BatchNorm1d(2));
        var wrapped = PthReader.ReadStateDict(FixturePath.Of("checkpoints", "data_parallel_state.pth"));
        var error = Assert.Throws<StateDictException>(() => model.LoadStateDict(wrapped));
        Assert.Contains("Every unexpected key is a missing key behind 'module.'", error.Message);
        Assert.Contains("--strip-prefix module.", error.Message);
    }

    [Fact]
    public void StateDictSource_SplitsTheSelectorOnlyWhenTheWholeTextIsNoFile()
    {
        Assert.Equal(new StateDictSource("run/ckpt.pth", "state_dict"), StateDictSource.Parse("run/ckpt.pth:state_dict"));
        Assert.Equal(new StateDictSource("plain.pth"), StateDictSource.Parse("plain.pth"));
        string colon = Path.Combine(folder, "a:b.pth");
        File.WriteAllBytes(colon, []);
        Assert.Equal(new StateDictSource(colon), StateDictSource.Parse(colon));
        Assert.Equal("x.pth:state_dict", StateDictSource.Parse("x.pth:state_dict").ToString());
    }

    private static void AssertValues(IReadOnlyDictionary<string, IlgpuNet.Tensors.Tensor> tensors)
    {
        var expected = JsonNode.Parse(File.ReadAllText(FixturePath.Of("checkpoints", "wrapped_state.json")))!.AsObject();
        Assert.Equal(expected.Select(kv => kv.Key), tensors.Keys);
        foreach (var (name, values) in expected)
        {
            Assert.Equal(values!.AsArray().Select(v => v!.GetValue<double>()), tensors[name].ToDoubleArray());
        }
    }

    [Fact]
    public void Read_NotAZip_SaysSo()
    {
        var path = Path.Combine(folder, "legacy.pth");
        File.WriteAllBytes(path, [0x80, 0x02, 0x8a, 0x0a, 1, 2, 3]);
        var error = Assert.Throws<InvalidFileException>(() => PthReader.Read(path));
        Assert.Contains(path, error.Message);
        Assert.Contains("not a zip archive", error.Message);
    }

    [Fact]
    public void Read_TruncatedPickle_ThrowsInvalidDataNamingFile()
    {
        var path = RewriteEntry("data.pkl", bytes => bytes[..(bytes.Length / 2)]);
        var error = Assert.Throws<InvalidFileException>(() => PthReader.Read(path));
        Assert.Contains(path, error.Message);
    }

    [Fact]
    public void Read_TruncatedStorage_NamesStorage()
    {
        var path = RewriteEntry("data/0", bytes => bytes[..2]);
        var error = Assert.Throws<InvalidFileException>(() => PthReader.Read(path));
        Assert.Contains(path, error.Message);
        Assert.Contains("storage '0'", error.Message);
    }

    [Fact]
    public void Read_TruncatedZip_ThrowsInvalidDataNamingFile()
    {
        var path = Path.Combine(folder, "cut.pth");
        var bytes = File.ReadAllBytes(FixturePath.Of("checkpoints", "mixed_state.pth"));
        File.WriteAllBytes(path, bytes[..(bytes.Length - 100)]);
        var error = Assert.Throws<InvalidFileException>(() => PthReader.Read(path));
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
