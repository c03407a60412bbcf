using System.Buffers.Binary;
using System.Text;
using System.Text.Json;
using IlgpuNet.Tensors;
using IlgpuNet.Tensors.IO;

namespace IlgpuNet.Layers.Checkpoints;

/// <summary>
/// The safetensors format: 8-byte little-endian header length, a JSON header mapping each name to its dtype,
/// shape and [begin, end) byte range in the data that follows (plus optional "__metadata__" of strings), then
/// the raw little-endian tensor bytes. Writes keep the dictionary's order and go through a temp file + rename.
/// </summary>
public static class SafeTensors
{
    private const string MetadataKey = "__metadata__";
    private const long MaxHeaderBytes = 100_000_000;

    public static void Write(string path, IReadOnlyDictionary<string, Tensor> tensors, IReadOnlyDictionary<string, string>? metadata = null)
        => Write(path, tensors, metadata, wrapStream: null);

    /// <summary>As <see cref="Write(string, IReadOnlyDictionary{string, Tensor}, IReadOnlyDictionary{string, string}?)"/>; tests wrap the stream to make writes fail.</summary>
    internal static void Write(string path, IReadOnlyDictionary<string, Tensor> tensors, IReadOnlyDictionary<string, string>? metadata, Func<Stream, Stream>? wrapStream)
    {
        var entries = tensors.ToList();
        foreach (var (name, _) in entries)
        {
            if (name.Length == 0 || name == MetadataKey)
            {
                throw new ArgumentException($"safetensors: '{name}' cannot name a tensor");
            }
        }

        var header = BuildHeader(entries, metadata);
        AtomicFile.Write(path, stream =>
        {
            Span<byte> length = stackalloc byte[8];
            BinaryPrimitives.WriteUInt64LittleEndian(length, (ulong)header.Length);
            stream.Write(length);
            stream.Write(header);
            foreach (var (_, tensor) in entries)
            {
                stream.Write(TensorBytes.ToBytes(tensor));
            }
        }, wrapStream);
    }

    public static SafeTensorsFile Read(string path)
    {
        using var stream = OpenForReading(path);
        long fileLength = stream.Length;
        var lengthBytes = new byte[8];
        if (fileLength < 8)
        {
            throw Corrupt(path, $"the file is {fileLength} bytes, too short for the 8-byte header length");
        }

        stream.ReadExactly(lengthBytes);
        ulong headerLength = BinaryPrimitives.ReadUInt64LittleEndian(lengthBytes);
        if (headerLength > MaxHeaderBytes)
        {
            throw Corrupt(path, $"header length {headerLength} is larger than the {MaxHeaderBytes}-byte limit (not a safetensors file?)");
        }

        if (8 + (long)headerLength > fileLength)
        {
            throw Corrupt(path, $"header of {headerLength} bytes runs past the end of the {fileLength}-byte file (truncated?)");
        }

        var headerBytes = new byte[headerLength];
        stream.ReadExactly(headerBytes);
        long dataStart = 8 + (long)headerLength;
        Layout layout;
        try
        {
            layout = ParseHeader(path, headerBytes, fileLength - dataStart);
        }
        catch (InvalidOperationException e)
        {
            // System.Text.Json reading a name or string that is not UTF-8
            throw Corrupt(path, $"the header is not valid UTF-8 JSON ({e.Message})");
        }

        var tensors = new OrderedDictionary<string, Tensor>();
        foreach (var entry in layout.Entries)
        {
            stream.Position = dataStart + entry.Begin;
            int count = (int)((entry.End - entry.Begin) / entry.Type.SizeOf());
            tensors[entry.Name] = TensorBytes.Create(TensorBytes.Read(stream, entry.Type, count), entry.Type, entry.Shape);
        }

        return new SafeTensorsFile(tensors, layout.Metadata);
    }

    internal static FileStream OpenForReading(string path)
    {
        try
        {
            return new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read);
        }
        catch (FileNotFoundException e)
        {
            throw new FileNotFoundException($"{path}: checkpoint file not found", path, e);
        }
    }

    private static byte[] BuildHeader(List<KeyValuePair<string, Tensor>> entries, IReadOnlyDictionary<string, string>? metadata)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            if (metadata is { Count: > 0 })
            {
                json.WriteStartObject(MetadataKey);
                foreach (var (key, value) in metadata)
                {
                    json.WriteString(key, value);
                }

                json.WriteEndObject();
            }

            long offset = 0;
            foreach (var (name, tensor) in entries)
            {
                var type = StoredTypeInfo.FromDType(tensor.DType);
                long size = (long)tensor.Numel * type.SizeOf();
                json.WriteStartObject(name);
                json.WriteString("dtype", type.SafeTensorsCode());
                json.WriteStartArray("shape");
                foreach (var dim in tensor.Shape)
                {
                    json.WriteNumberValue(dim);
                }

                json.WriteEndArray();
                json.WriteStartArray("data_offsets");
                json.WriteNumberValue(offset);
                json.WriteNumberValue(offset + size);
                json.WriteEndArray();
                json.WriteEndObject();
                offset += size;
            }

            json.WriteEndObject();
        }

        // pad with spaces so the data starts 8-byte aligned, as the reference writer does
        int padding = (int)((8 - buffer.Length % 8) % 8);
        buffer.Write(Encoding.ASCII.GetBytes(new string(' ', padding)));
        return buffer.ToArray();
    }

    private sealed record Entry(string Name, StoredType Type, int[] Shape, long Begin, long End);

    private sealed record Layout(List<Entry> Entries, IReadOnlyDictionary<string, string> Metadata);

    private static Layout ParseHeader(string path, byte[] header, long dataLength)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(header);
        }
        catch (JsonException e)
        {
            throw Corrupt(path, $"the header is not valid JSON ({e.Message})");
        }

        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                throw Corrupt(path, $"the header is a JSON {document.RootElement.ValueKind}, not an object");
            }

            var entries = new List<Entry>();
            var metadata = new Dictionary<string, string>();
            foreach (var property in document.RootElement.EnumerateObject())
            {
                if (property.Name == MetadataKey)
                {
                    ReadMetadata(path, property.Value, metadata);
                    continue;
                }

                entries.Add(ReadEntry(path, property.Name, property.Value, dataLength));
            }

            // the reference format indexes the data buffer completely, without holes or overlaps
            long expected = 0;
            foreach (var entry in entries.OrderBy(e => e.Begin).ThenBy(e => e.End))
            {
                if (entry.Begin != expected)
                {
                    throw Corrupt(path, $"tensor '{entry.Name}' starts at byte {entry.Begin} of the data, expected {expected} (overlap or hole)");
                }

                expected = entry.End;
            }

            if (expected != dataLength)
            {
                throw Corrupt(path, $"tensors cover {expected} bytes of data but the file holds {dataLength} (truncated or trailing bytes)");
            }

            return new Layout(entries, metadata);
        }
    }

    private static void ReadMetadata(string path, JsonElement value, Dictionary<string, string> metadata)
    {
        if (value.ValueKind != JsonValueKind.Object)
        {
            throw Corrupt(path, "__metadata__ is not a JSON object");
        }

        foreach (var item in value.EnumerateObject())
        {
            metadata[item.Name] = item.Value.ValueKind == JsonValueKind.String ? item.Value.GetString()!
                : throw Corrupt(path, $"__metadata__ value '{item.Name}' is a {item.Value.ValueKind}, metadata values must be strings");
        }
    }

    private static Entry ReadEntry(string path, string name, JsonElement value, long dataLength)
    {
        if (value.ValueKind != JsonValueKind.Object
            || !value.TryGetProperty("dtype", out var dtypeElement) || dtypeElement.ValueKind != JsonValueKind.String
            || !value.TryGetProperty("shape", out var shapeElement) || shapeElement.ValueKind != JsonValueKind.Array
            || !value.TryGetProperty("data_offsets", out var offsetsElement) || offsetsElement.ValueKind != JsonValueKind.Array
            || offsetsElement.GetArrayLength() != 2)
        {
            throw Corrupt(path, $"tensor '{name}' needs \"dtype\" (string), \"shape\" (array) and \"data_offsets\" ([begin, end])");
        }

        string code = dtypeElement.GetString()!;
        var type = StoredTypeInfo.FromSafeTensorsCode(code)
            ?? throw Corrupt(path, $"tensor '{name}' has dtype '{code}', which this reader does not support (F32, F64, I64, I32, U8, BOOL, F16, BF16)");

        int[] shape;
        long begin, end;
        try
        {
            shape = shapeElement.EnumerateArray().Select(d => d.GetInt32()).ToArray();
            begin = offsetsElement[0].GetInt64();
            end = offsetsElement[1].GetInt64();
        }
        catch (Exception e) when (e is FormatException or InvalidOperationException)
        {
            throw Corrupt(path, $"tensor '{name}' has a shape or data_offsets that are not whole numbers");
        }

        if (shape.Any(d => d < 0))
        {
            throw Corrupt(path, $"tensor '{name}' has a negative dimension in shape [{string.Join(", ", shape)}]");
        }

        long numel = 1;
        foreach (int dim in shape)
        {
            numel = dim == 0 || numel == 0 ? 0 : numel > Array.MaxLength / dim ? long.MaxValue : numel * dim;
        }

        if (numel > Array.MaxLength)
        {
            throw Corrupt(path, $"tensor '{name}' of shape [{string.Join(", ", shape)}] has more elements than a tensor can hold");
        }

        long expectedBytes = numel * type.SizeOf();
        if (begin < 0 || end < begin || end - begin != expectedBytes)
        {
            throw Corrupt(path, $"tensor '{name}' ({code} [{string.Join(", ", shape)}]) needs {expectedBytes} bytes but data_offsets are [{begin}, {end}]");
        }

        if (end > dataLength)
        {
            throw Corrupt(path, $"tensor '{name}' ends at byte {end} of the data, but the file holds only {dataLength} data bytes (truncated?)");
        }

        return new Entry(name, type, shape, begin, end);
    }

    private static InvalidFileException Corrupt(string path, string problem) => new(path, $"not a valid safetensors file: {problem}");
}
