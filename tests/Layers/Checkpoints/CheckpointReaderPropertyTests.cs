using IlgpuNet.Layers.Checkpoints;
using IlgpuNet.Tensors;
using IlgpuNet.Tests.Support;

namespace IlgpuNet.Tests.Layers.Checkpoints;

/// <summary>
/// The checkpoint readers on random and mutated files: they load or throw InvalidFileException, and allocate at most
/// what the file's size allows — safetensors a few times its length, .pth the deflate limit (1032:1) of its length.
/// </summary>
public sealed class CheckpointReaderPropertyTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("ilgpunet-reader-properties-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    [Fact]
    public void SafeTensors_RandomAndMutatedFiles_LoadOrThrowInvalidFileWithinTheAllocationLimit()
    {
        string valid = Path.Combine(folder, "valid.safetensors");
        SafeTensors.Write(valid, new Dictionary<string, Tensor>
        {
            ["weight"] = Tensor.Arange(0, 24).Reshape(2, 3, 4),
            ["index"] = Tensor.FromArray(new long[] { 1, -2, 3 }),
            ["mask"] = Tensor.FromArray(new[] { true, false }),
        }, new Dictionary<string, string> { ["format"] = "test" });
        string path = Path.Combine(folder, "input.safetensors");
        ReaderProperties.LoadOrThrowInvalidFile([File.ReadAllBytes(valid), File.ReadAllBytes(FixturePath.Of("checkpoints", "hand_written.safetensors"))],
            bytes =>
            {
                File.WriteAllBytes(path, bytes);
                SafeTensors.Read(path);
            },
            length => (16 * length) + (1 << 20));
    }

    [Fact]
    public void Pth_RandomAndMutatedFiles_LoadOrThrowInvalidFileWithinTheAllocationLimit()
    {
        string path = Path.Combine(folder, "input.pth");
        string[] fixtures = ["mixed_state.pth", "module_state.pth", "training_checkpoint.pth", "whole_custom_model.pth"];
        ReaderProperties.LoadOrThrowInvalidFile(fixtures.Select(f => File.ReadAllBytes(FixturePath.Of("checkpoints", f))).ToArray(),
            bytes =>
            {
                File.WriteAllBytes(path, bytes);
                PthReader.Read(path);
            },
            length => (1100 * length) + (4 << 20));
    }
}
