using System.IO.Compression;
using System.Numerics;
using IlgpuNet.Tensors;

namespace IlgpuNet.Layers.Checkpoints;

/// <summary>
/// Imports PyTorch state dicts saved with torch.save (the zip format: &lt;folder&gt;/data.pkl, &lt;folder&gt;/data/&lt;key&gt;
/// storages, &lt;folder&gt;/byteorder). Runs no Python code: the pickle may only build dicts, lists, tuples, plain
/// values and tensors; a pickled nn.Module or any other class is refused with its name. Tensors are copied out
/// of their storages honouring offset, size and stride, so each comes back contiguous and owning its memory.
/// </summary>
public static class PthReader
{
    /// <summary>The tensors of a state dict saved by torch.save(model.state_dict(), path).</summary>
    public static IReadOnlyDictionary<string, Tensor> ReadStateDict(string path) => Read(path).Tensors;

    public static PthFile Read(string path)
    {
        try
        {
            using var stream = SafeTensors.OpenForReading(path);
            using var zip = OpenZip(path, stream);
            var root = Unpickle(path, zip);
            return Flatten(path, root);
        }
        catch (Exception e) when (e is EndOfStreamException or InvalidDataException && !e.Message.StartsWith(path, StringComparison.Ordinal))
        {
            throw new InvalidDataException($"{path}: not a readable PyTorch checkpoint: {e.Message}", e);
        }
    }

    private sealed record StorageRef(string Key, StoredType Type, long Numel);

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
            throw new InvalidDataException($"{path}: not a zip archive; only the zip format of torch.save (PyTorch 1.6+, the default) can be imported, not the legacy pickle-only format");
        }
    }

    private static object? Unpickle(string path, ZipArchive zip)
    {
        var pickleEntry = zip.Entries.FirstOrDefault(e => e.FullName.EndsWith("/data.pkl", StringComparison.Ordinal) && e.FullName.Count(c => c == '/') == 1)
            ?? throw new InvalidDataException($"{path}: the zip archive has no <folder>/data.pkl, so torch.save did not write it");
        string folder = pickleEntry.FullName[..^"data.pkl".Length];

        var byteOrder = zip.GetEntry(folder + "byteorder");
        if (byteOrder != null)
        {
            using var reader = new StreamReader(byteOrder.Open());
            string order = reader.ReadToEnd().Trim();
            if (order != "little")
            {
                throw new InvalidDataException($"{path}: storages are stored '{order}'-endian; only little-endian files are supported");
            }
        }

        var storages = new Dictionary<string, Array>();
        Array LoadStorage(StorageRef storage)
        {
            if (storages.TryGetValue(storage.Key, out var cached))
            {
                return cached;
            }

            var entry = zip.GetEntry($"{folder}data/{storage.Key}")
                ?? throw new InvalidDataException($"{path}: storage '{storage.Key}' is missing from the archive (expected {folder}data/{storage.Key})");
            long expected = storage.Numel * storage.Type.SizeOf();
            using var data = new MemoryStream();
            using (var entryStream = entry.Open())
            {
                entryStream.CopyTo(data);
            }

            if (data.Length < expected)
            {
                throw new InvalidDataException($"{path}: storage '{storage.Key}' holds {data.Length} bytes, its {storage.Numel} {storage.Type} elements need {expected} (truncated?)");
            }

            var elements = TensorBytes.Decode(data.GetBuffer().AsSpan(0, (int)expected), storage.Type);
            storages[storage.Key] = elements;
            return elements;
        }

        object? Call(object callable, object?[] args)
        {
            var function = callable as Global ?? throw new InvalidDataException($"pickle: cannot call a {PickleMachine.Describe(callable)}");
            return function.FullName switch
            {
                "collections.OrderedDict" when args.Length == 0 => new PickleMachine.Dict(),
                "torch._utils._rebuild_tensor_v2" or "torch._utils._rebuild_tensor" => RebuildTensor(path, args, LoadStorage),
                "torch._utils._rebuild_parameter" or "torch._utils._rebuild_parameter_with_state" when args.Length >= 1 && args[0] is Tensor t => t,
                _ => throw new InvalidDataException($"pickle: calling {function.FullName} with {args.Length} arguments is not supported"),
            };
        }

        using var pickle = pickleEntry.Open();
        using var buffered = new MemoryStream();
        pickle.CopyTo(buffered);
        buffered.Position = 0;
        var machine = new PickleMachine(buffered, ResolveGlobal, PersistentLoad, Call);
        return machine.Run();
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
            string hint = module.StartsWith("torch.nn.modules", StringComparison.Ordinal)
                ? " (a whole nn.Module was saved; save model.state_dict() instead)"
                : "";
            throw new InvalidDataException($"the pickle refers to {module}.{name}, which a state dict does not contain{hint}");
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
    private static Tensor RebuildTensor(string path, object?[] args, Func<StorageRef, Array> loadStorage)
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

        var elements = TensorBytes.Gather(loadStorage(storage), offset, shape, strides)
            ?? throw new InvalidDataException($"{path}: a tensor of size [{string.Join(", ", shape)}], stride [{string.Join(", ", strides)}] at offset {offset} reaches outside its storage '{storage.Key}' of {storage.Numel} elements");
        return TensorBytes.Create(elements, storage.Type, shape);
    }

    private static PthFile Flatten(string path, object? root)
    {
        if (root is not PickleMachine.Dict dict)
        {
            string found = root is Tensor ? "a single tensor" : PickleMachine.Describe(root);
            throw new InvalidDataException($"{path}: the file holds {found}, not a state dict (a dict of tensors)");
        }

        var tensors = new OrderedDictionary<string, Tensor>();
        var others = new OrderedDictionary<string, object?>();
        void Walk(PickleMachine.Dict node, string prefix)
        {
            foreach (var (key, value) in node.Items)
            {
                string name = prefix + key switch
                {
                    string s => s,
                    long or BigInteger => key.ToString(),
                    _ => throw new InvalidDataException($"{path}: a dict key is a {PickleMachine.Describe(key)}; state dict keys are strings"),
                };
                switch (value)
                {
                    case Tensor t: tensors[name] = t; break;
                    case PickleMachine.Dict inner: Walk(inner, name + "."); break;
                    case null or string or long or double or bool or BigInteger: others[name] = value; break;
                    default: others[name] = ToPlain(value); break;
                }
            }
        }

        Walk(dict, "");
        return new PthFile(tensors, others);
    }

    /// <summary>Lists and tuples of plain values stay as object arrays; tensors inside them are kept as they are.</summary>
    private static object?[] ToPlain(object? value) => value switch
    {
        PickleMachine.Tuple tuple => tuple.Items.Select(v => v is PickleMachine.Tuple or List<object?> ? ToPlain(v) : v).ToArray(),
        List<object?> list => list.Select(v => v is PickleMachine.Tuple or List<object?> ? ToPlain(v) : v).ToArray(),
        _ => [value],
    };
}
