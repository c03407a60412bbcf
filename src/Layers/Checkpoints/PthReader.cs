using System.IO.Compression;
using System.Numerics;
using IlgpuNet.Tensors;
using IlgpuNet.Tensors.IO;

namespace IlgpuNet.Layers.Checkpoints;

/// <summary>
/// Imports PyTorch state dicts saved with torch.save (the zip format: &lt;folder&gt;/data.pkl, &lt;folder&gt;/data/&lt;key&gt;
/// storages, &lt;folder&gt;/byteorder). Runs no Python code: the pickle may only build dicts, lists, tuples, plain
/// values and tensors; a pickled nn.Module or any other class is refused with its name and the state_dict() hint.
/// Storages are read once each, straight from the archive into the arrays the tensors own (one copy, at disk speed);
/// a tensor that views only part of its storage, or strides it, is gathered into its own contiguous array.
/// Every problem with the file's contents is an <see cref="InvalidFileException"/> naming the file; no allocation is
/// larger than what the archive's entries hold (a deflated entry at most its deflate limit).
/// </summary>
public static class PthReader
{
    // deflate expands by at most 1032:1; an entry claiming more cannot hold what it says
    private const long DeflateLimit = 1032;

    /// <summary>The tensors of a state dict saved by torch.save(model.state_dict(), path).</summary>
    public static IReadOnlyDictionary<string, Tensor> ReadStateDict(string path) => Read(path).Tensors;

    /// <summary>
    /// The state dict <paramref name="source"/> names: the file's tensors, those nested under its key (a training
    /// checkpoint's "state_dict"), with its prefix stripped from every key ("module." of nn.DataParallel).
    /// </summary>
    public static IReadOnlyDictionary<string, Tensor> ReadStateDict(StateDictSource source) => Read(source.Path).Select(source);

    public static PthFile Read(string path)
    {
        try
        {
            using var stream = SafeTensors.OpenForReading(path);
            using var zip = OpenZip(path, stream);
            var root = Unpickle(path, zip);
            return Flatten(path, root);
        }
        catch (Exception e) when (e is EndOfStreamException or InvalidDataException)
        {
            throw new InvalidFileException(path, $"not a readable PyTorch checkpoint: {e.Message}", e);
        }
    }

    private sealed record StorageRef(string Key, StoredType Type, long Numel);

    /// <summary>A tensor the pickle describes, made once every storage has been read.</summary>
    private sealed record TensorRef(StorageRef Storage, long Offset, int[] Shape, long[] Strides);

    private sealed record Global(string Module, string Name)
    {
        public string FullName => $"{Module}.{Name}";
    }

    private static ZipArchive OpenZip(string path, Stream stream)
    {
        try
        {
            return new ZipArchive(stream, ZipArchiveMode.Read, leaveOpen: true);
        }
        catch (InvalidDataException)
        {
            throw new InvalidFileException(path, "not a zip archive; only the zip format of torch.save (PyTorch 1.6+, the default) can be imported, not the legacy pickle-only format");
        }
    }

    private static object? Unpickle(string path, ZipArchive zip)
    {
        var pickleEntry = zip.Entries.FirstOrDefault(e => e.FullName.EndsWith("/data.pkl", StringComparison.Ordinal) && e.FullName.Count(c => c == '/') == 1)
            ?? throw new InvalidFileException(path, "the zip archive has no <folder>/data.pkl, so torch.save did not write it");
        string folder = pickleEntry.FullName[..^"data.pkl".Length];

        var byteOrder = zip.GetEntry(folder + "byteorder");
        if (byteOrder != null)
        {
            string order = byteOrder.Length <= 16 ? System.Text.Encoding.ASCII.GetString(ReadEntry(path, byteOrder, byteOrder.Length)).Trim() : "(unreadable)";
            if (order != "little")
            {
                throw new InvalidFileException(path, $"storages are stored '{order}'-endian; only little-endian files are supported");
            }
        }

        var tensors = new List<TensorRef>();
        object? Call(object callable, object?[] args)
        {
            var function = callable as Global ?? throw new InvalidDataException($"pickle: cannot call a {PickleMachine.Describe(callable)}");
            return function.FullName switch
            {
                "collections.OrderedDict" when args.Length == 0 => new PickleMachine.Dict(),
                "torch._utils._rebuild_tensor_v2" or "torch._utils._rebuild_tensor" => Add(tensors, RebuildTensor(args)),
                "torch._utils._rebuild_parameter" or "torch._utils._rebuild_parameter_with_state" when args.Length >= 1 && args[0] is TensorRef t => t,
                _ => throw new InvalidDataException($"pickle: calling {function.FullName} with {args.Length} arguments is not supported"),
            };
        }

        using var buffered = new MemoryStream(ReadEntry(path, pickleEntry, pickleEntry.Length));
        // no BUILD handler: the only state torch.save gives here is a state dict's _metadata, which loading does not need
        var root = new PickleMachine(buffered, ResolveGlobal, PersistentLoad, Call).Run();
        var made = MakeTensors(path, zip, folder, tensors);
        return Resolve(root, made);
    }

    private static TensorRef Add(List<TensorRef> tensors, TensorRef tensor)
    {
        tensors.Add(tensor);
        return tensor;
    }

    /// <summary>Reads each storage the tensors use once, straight into a tensor's array, and makes the tensors over them.</summary>
    private static Dictionary<TensorRef, Tensor> MakeTensors(string path, ZipArchive zip, string folder, List<TensorRef> tensors)
    {
        var made = new Dictionary<TensorRef, Tensor>(ReferenceEqualityComparer.Instance);
        foreach (var group in tensors.GroupBy(t => t.Storage.Key))
        {
            var storage = group.First().Storage;
            var entry = zip.GetEntry($"{folder}data/{storage.Key}")
                ?? throw new InvalidFileException(path, $"storage '{storage.Key}' is missing from the archive (expected {folder}data/{storage.Key})");
            if (storage.Numel < 0 || storage.Numel > Array.MaxLength)
            {
                throw new InvalidFileException(path, $"storage '{storage.Key}' claims {storage.Numel} elements");
            }

            long needed = storage.Numel * storage.Type.SizeOf();
            if (entry.Length < needed)
            {
                throw new InvalidFileException(path, $"storage '{storage.Key}' holds {entry.Length} bytes, its {storage.Numel} {storage.Type} elements need {needed} (truncated?)");
            }

            using var data = OpenEntry(path, entry);
            var elements = TensorBytes.Read(data, storage.Type, (int)storage.Numel);
            foreach (var tensor in group)
            {
                if (tensor.Storage.Type != storage.Type || tensor.Storage.Numel != storage.Numel)
                {
                    throw new InvalidFileException(path, $"storage '{storage.Key}' is described twice, as {storage.Numel} {storage.Type} and {tensor.Storage.Numel} {tensor.Storage.Type} elements");
                }

                // the usual tensor is the whole of its storage: Gather hands that array over as it is, no copy
                var view = TensorBytes.Gather(elements, tensor.Offset, tensor.Shape, tensor.Strides)
                    ?? throw new InvalidFileException(path, $"a tensor of size [{string.Join(", ", tensor.Shape)}], stride [{string.Join(", ", tensor.Strides)}] at offset {tensor.Offset} reaches outside its storage '{storage.Key}' of {storage.Numel} elements");
                if (ReferenceEquals(view, elements) && group.Count() > 1)
                {
                    view = (Array)elements.Clone(); // several tensors over one storage: each owns its elements
                }

                made[tensor] = TensorBytes.Create(view, storage.Type, tensor.Shape);
            }
        }

        return made;
    }

    /// <summary>An entry's bytes as a stream, once its declared size is one the archive can hold.</summary>
    private static Stream OpenEntry(string path, ZipArchiveEntry entry)
    {
        bool stored = entry.CompressedLength == entry.Length;
        if (stored ? entry.Length > new FileInfo(path).Length : entry.Length > (entry.CompressedLength + 64) * DeflateLimit)
        {
            throw new InvalidFileException(path, $"archive entry {entry.FullName} claims {entry.Length} bytes, more than its {entry.CompressedLength} stored bytes can hold");
        }

        return entry.Open();
    }

    private static byte[] ReadEntry(string path, ZipArchiveEntry entry, long length)
    {
        if (length > Array.MaxLength)
        {
            throw new InvalidFileException(path, $"archive entry {entry.FullName} claims {length} bytes");
        }

        using var stream = OpenEntry(path, entry);
        var bytes = GC.AllocateUninitializedArray<byte>((int)length);
        stream.ReadExactly(bytes);
        return bytes;
    }

    /// <summary>The unpickled values with each tensor description replaced by its tensor.</summary>
    private static object? Resolve(object? value, Dictionary<TensorRef, Tensor> made) => value switch
    {
        TensorRef tensor => made[tensor],
        PickleMachine.Dict dict => ResolveDict(dict, made),
        PickleMachine.Tuple tuple => new PickleMachine.Tuple(tuple.Items.Select(v => Resolve(v, made)).ToArray()),
        List<object?> list => list.Select(v => Resolve(v, made)).ToList(),
        _ => value,
    };

    private static PickleMachine.Dict ResolveDict(PickleMachine.Dict dict, Dictionary<TensorRef, Tensor> made)
    {
        for (int i = 0; i < dict.Items.Count; i++)
        {
            dict.Items[i] = new(dict.Items[i].Key, Resolve(dict.Items[i].Value, made));
        }

        return dict;
    }

    private static object ResolveGlobal(string module, string name)
    {
        bool known = (module, name) switch
        {
            ("collections", "OrderedDict") => true,
            ("torch._utils", "_rebuild_tensor_v2" or "_rebuild_tensor" or "_rebuild_parameter" or "_rebuild_parameter_with_state") => true,
            ("torch", _) when name.EndsWith("Storage", StringComparison.Ordinal) => true,
            _ => false,
        };
        if (!known)
        {
            // torch.save(model) pickles the model's class (torchvision.models.resnet.ResNet, a class of your own, ...)
            throw new InvalidDataException($"the pickle refers to {module}.{name}, which a state dict does not contain: the file holds a pickled object, " +
                "not only tensors (a whole model saved with torch.save(model)?); save torch.save(model.state_dict(), path) instead and load that");
        }

        return new Global(module, name);
    }

    /// <summary>torch.save's persistent id for a storage: ('storage', torch.XStorage, key, location, numel).</summary>
    private static object PersistentLoad(object? id)
    {
        if (id is not PickleMachine.Tuple { Items: ["storage", Global storageType, string key, _, long numel] })
        {
            throw new InvalidDataException($"unexpected persistent id {PickleMachine.Describe(id)}; expected a ('storage', type, key, location, numel) tuple");
        }

        var type = storageType.Name switch
        {
            "FloatStorage" => StoredType.Float32,
            "DoubleStorage" => StoredType.Float64,
            "LongStorage" => StoredType.Int64,
            "IntStorage" => StoredType.Int32,
            "ByteStorage" => StoredType.UInt8,
            "BoolStorage" => StoredType.Bool,
            "HalfStorage" => StoredType.Float16,
            "BFloat16Storage" => StoredType.BFloat16,
            _ => throw new InvalidDataException($"storage type torch.{storageType.Name} is not supported (float, double, long, int, byte, bool, half, bfloat16 are)"),
        };
        return new StorageRef(key, type, numel);
    }

    /// <summary>_rebuild_tensor_v2(storage, storage_offset, size, stride, requires_grad, backward_hooks[, metadata]).</summary>
    private static TensorRef RebuildTensor(object?[] args)
    {
        if (args is not [StorageRef storage, long offset, PickleMachine.Tuple size, PickleMachine.Tuple stride, ..])
        {
            throw new InvalidDataException("pickle: _rebuild_tensor_v2 called without (storage, offset, size, stride, ...)");
        }

        var shape = size.Items.Select(s => s is long v && v >= 0 && v <= int.MaxValue ? (int)v : throw new InvalidDataException($"pickle: tensor size {s} is not a valid dimension")).ToArray();
        var strides = stride.Items.Select(s => s as long? ?? throw new InvalidDataException($"pickle: tensor stride {s} is not an integer")).ToArray();
        if (strides.Length != shape.Length)
        {
            throw new InvalidDataException($"pickle: tensor has {shape.Length} sizes but {strides.Length} strides");
        }

        if (shape.Aggregate(1L, (a, b) => b == 0 || a == 0 ? 0 : Math.Min(a * b, long.MaxValue / 4)) > Array.MaxLength || Math.Abs(offset) > Array.MaxLength || strides.Any(st => Math.Abs(st) > Array.MaxLength))
        {
            throw new InvalidDataException($"pickle: a tensor of size [{string.Join(", ", shape)}], stride [{string.Join(", ", strides)}] at offset {offset} is larger than a tensor can be");
        }

        return new TensorRef(storage, offset, shape, strides);
    }

    private static PthFile Flatten(string path, object? root)
    {
        if (root is not PickleMachine.Dict dict)
        {
            string found = root is Tensor ? "a single tensor" : PickleMachine.Describe(root);
            throw new InvalidFileException(path, $"the file holds {found}, not a state dict (a dict of tensors)");
        }

        var tensors = new OrderedDictionary<string, Tensor>();
        var others = new OrderedDictionary<string, object?>();
        var nested = new OrderedDictionary<string, int>();
        void Walk(PickleMachine.Dict node, string prefix)
        {
            foreach (var (key, value) in node.Items)
            {
                string name = prefix + key switch
                {
                    string s => s,
                    long or BigInteger => key.ToString(),
                    _ => throw new InvalidFileException(path, $"a dict key is a {PickleMachine.Describe(key)}; state dict keys are strings"),
                };
                switch (value)
                {
                    case Tensor t: tensors[name] = t; break;
                    case PickleMachine.Dict inner:
                        int before = tensors.Count;
                        Walk(inner, name + ".");
                        if (prefix.Length == 0 && tensors.Count > before)
                        {
                            nested[name] = tensors.Count - before;
                        }

                        break;
                    case null or string or long or double or bool or BigInteger: others[name] = value; break;
                    default: others[name] = ToPlain(value); break;
                }
            }
        }

        Walk(dict, "");
        return new PthFile(tensors, others) { Path = path, NestedDicts = nested };
    }

    /// <summary>Lists and tuples of plain values stay as object arrays; tensors inside them are kept as they are.</summary>
    private static object?[] ToPlain(object? value) => value switch
    {
        PickleMachine.Tuple tuple => tuple.Items.Select(v => v is PickleMachine.Tuple or List<object?> ? ToPlain(v) : v).ToArray(),
        List<object?> list => list.Select(v => v is PickleMachine.Tuple or List<object?> ? ToPlain(v) : v).ToArray(),
        _ => [value],
    };
}
