using System.Buffers.Binary;
using System.Text;
using IlgpuNet.Kernels;
using IlgpuNet.Layers.Checkpoints;
using IlgpuNet.Tensors;
using IlgpuNet.Tensors.IO;

namespace IlgpuNet.Tests.Layers.Checkpoints;

public sealed class SafeTensorsTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("ilgpunet-safetensors-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    private static OrderedDictionary<string, Tensor> MixedTensors() => new()
    {
        ["z.weight"] = Tensor.FromArray([1.5f, -2f, 3.25f, 0f, 1e-3f, -7f], 2, 3),
        ["a.double"] = Tensor.FromArray([1.0 / 3, -2.5e10], 2),
        ["index"] = Tensor.FromArray([0L, -1L, 1L << 40], 3),
        ["int32"] = Tensor.FromArray([-5, 9], 2),
        ["bytes"] = Tensor.FromArray(new byte[] { 0, 255 }, 2),
        ["mask"] = Tensor.FromArray([true, false, true], 3),
        ["scalar"] = Tensor.Scalar(2.75),
        ["view"] = Tensor.Arange(0, 20, 1, DType.Float32).Reshape(4, 5).Slice(0, 1, 4).Slice(1, 0, 5, 2),
        ["empty"] = Tensor.Zeros([0, 3]),
    };

    [Fact]
    public void WriteThenRead_RoundTripsValuesDtypesShapesOrderAndMetadata()
    {
        var path = Path.Combine(folder, "round.safetensors");
        var tensors = MixedTensors();
        SafeTensors.Write(path, tensors, new Dictionary<string, string> { ["epoch"] = "4", ["note"] = "ünïcode" });
        var file = SafeTensors.Read(path);
        Assert.Equal(tensors.Keys, file.Tensors.Keys);
        foreach (var (name, tensor) in tensors)
        {
            Assert.Equal(tensor.DType, file.Tensors[name].DType);
            Assert.Equal(tensor.Shape, file.Tensors[name].Shape);
            Assert.Equal(tensor.ToDoubleArray(), file.Tensors[name].ToDoubleArray());
        }

        Assert.Equal("4", file.Metadata["epoch"]);
        Assert.Equal("ünïcode", file.Metadata["note"]);
        Assert.Equal(0, (BinaryPrimitives.ReadInt64LittleEndian(File.ReadAllBytes(path)) + 8) % 8);
    }

    [Fact]
    public void Read_HandWrittenPythonFile()
    {
        var file = SafeTensors.Read(FixturePath.Of("checkpoints", "hand_written.safetensors"));
        Assert.Equal(["b_int64", "a_float32", "flags", "f64", "u8", "i32"], file.Tensors.Keys);
        Assert.Equal([-1L, 0L, 1L << 40], file.Tensors["b_int64"].ToArray<long>());
        Assert.Equal([2, 2], file.Tensors["a_float32"].Shape);
        Assert.Equal([1f, -2.5f, 3f, 0.125f], file.Tensors["a_float32"].ToArray());
        Assert.Equal(DType.Bool, file.Tensors["flags"].DType);
        Assert.Equal([1.0, 0.0], file.Tensors["flags"].ToDoubleArray());
        Assert.Equal(3.0 / 7, file.Tensors["f64"].Item());
        Assert.Empty(file.Tensors["f64"].Shape);
        Assert.Equal([9.0, 200.0], file.Tensors["u8"].ToDoubleArray());
        Assert.Equal([-7, 123456], file.Tensors["i32"].ToArray<int>());
        Assert.Equal("hand-written", file.Metadata["source"]);
    }

    private string Corrupted(string name, Func<byte[], byte[]> damage)
    {
        var path = Path.Combine(folder, "good.safetensors");
        SafeTensors.Write(path, MixedTensors());
        var bad = Path.Combine(folder, name);
        File.WriteAllBytes(bad, damage(File.ReadAllBytes(path)));
        return bad;
    }

    private static byte[] WithHeader(string json, int dataBytes)
    {
        var header = Encoding.UTF8.GetBytes(json);
        var bytes = new byte[8 + header.Length + dataBytes];
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, (ulong)header.Length);
        header.CopyTo(bytes, 8);
        return bytes;
    }

    public static TheoryData<string, string> Corruptions() => new()
    {
        { "short.safetensors", "too short" },
        { "header.safetensors", "runs past the end" },
        { "data.safetensors", "truncated" },
        { "json.safetensors", "not valid JSON" },
        { "dtype.safetensors", "dtype 'C64'" },
        { "offsets.safetensors", "needs 16 bytes" },
        { "huge.safetensors", "limit" },
    };

    [Theory]
    [MemberData(nameof(Corruptions))]
    public void Read_DamagedFile_ThrowsInvalidDataNamingFileAndProblem(string name, string problem)
    {
        string path = name switch
        {
            "short.safetensors" => Corrupted(name, b => b[..5]),
            "header.safetensors" => Corrupted(name, b => b[..40]),
            "data.safetensors" => Corrupted(name, b => b[..^3]),
            "json.safetensors" => Corrupted(name, _ => WithHeader("{\"a\": {\"dtype\": \"F32\", ", 0)),
            "dtype.safetensors" => Corrupted(name, _ => WithHeader("{\"a\":{\"dtype\":\"C64\",\"shape\":[1],\"data_offsets\":[0,8]}}", 8)),
            "offsets.safetensors" => Corrupted(name, _ => WithHeader("{\"a\":{\"dtype\":\"F32\",\"shape\":[4],\"data_offsets\":[0,8]}}", 8)),
            _ => Corrupted(name, b => { BinaryPrimitives.WriteUInt64LittleEndian(b, ulong.MaxValue / 2); return b; }),
        };
        var error = Assert.Throws<InvalidFileException>(() => SafeTensors.Read(path));
        Assert.Contains(path, error.Message);
        Assert.Contains(problem, error.Message);
    }

    [Fact]
    public void Write_FailingMidway_LeavesOldFileIntactAndNoTempFile()
    {
        var path = Path.Combine(folder, "model.safetensors");
        var old = new Dictionary<string, Tensor> { ["w"] = Tensor.FromArray([1f, 2f]) };
        SafeTensors.Write(path, old);
        var before = File.ReadAllBytes(path);
        var big = new Dictionary<string, Tensor> { ["w"] = Tensor.Zeros(1000) };
        Assert.Throws<IOException>(() => SafeTensors.Write(path, big, null, stream => new FailingStream(stream, failAfter: 200)));
        Assert.Equal(before, File.ReadAllBytes(path));
        Assert.Equal(["model.safetensors"], Directory.GetFiles(folder).Select(Path.GetFileName));
    }

    [Fact]
    public void Write_RejectsReservedName()
        => Assert.Throws<ArgumentException>(() => SafeTensors.Write(Path.Combine(folder, "x.safetensors"), new Dictionary<string, Tensor> { ["__metadata__"] = Tensor.Zeros(1) }));

    /// <summary>A disk that fills up: writes past <c>failAfter</c> bytes throw.</summary>
    private sealed class FailingStream(Stream inner, long failAfter) : Stream
    {
        private long written;

        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => written;

        public override long Position { get => written; set => throw new NotSupportedException(); }

        public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

        public override void Write(ReadOnlySpan<byte> buffer)
        {
            if (written + buffer.Length > failAfter)
            {
                throw new IOException("No space left on device");
            }

            inner.Write(buffer);
            written += buffer.Length;
        }

        public override void Flush() => inner.Flush();

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();
    }
}
