using System.Text;
using IlgpuNet.Tensors.IO;

namespace IlgpuNet.Data.Datasets;

/// <summary>
/// Reads CIFAR-10's "python version" files: each data_batch_N / test_batch is a pickled dict whose "data" is a numpy
/// uint8 array (N, 3072) (1024 R, 1024 G, 1024 B per row) and whose "labels" is a list of ints; batches.meta holds
/// "label_names". The published files were written by Python 2 (byte-string keys, the array's bytes a BINSTRING);
/// Python 3 re-pickles (str keys, bytes or _codecs.encode) read the same. Nothing is imported or run: only numpy's
/// array reconstruction and _codecs.encode are allowed, and only a C-ordered uint8 array is accepted.
/// </summary>
internal static class CifarPythonBatch
{
    private const int ImageBytes = 3072;

    /// <summary>The batch's images (N × 3072 bytes, planar as in the file) and labels.</summary>
    public static (byte[] Images, long[] Labels) Read(string path)
    {
        var dict = Load(path);
        var data = Entry(dict, "data", path) as NumpyArray ?? throw new InvalidDataException($"{path}: 'data' is not a numpy array");
        if (data.Bytes is not { } bytes || data.DType != "u1" || data.Shape is not [long rows, ImageBytes] || data.Fortran)
        {
            throw new InvalidDataException($"{path}: 'data' must be a C-ordered uint8 array of shape (N, {ImageBytes}), got {data.DType} ({string.Join(", ", data.Shape)})");
        }

        if (bytes.Length != rows * ImageBytes)
        {
            throw new InvalidDataException($"{path}: 'data' holds {bytes.Length} bytes, its shape ({rows}, {ImageBytes}) needs {rows * ImageBytes}");
        }

        var labels = Entry(dict, "labels", path) as List<object?> ?? throw new InvalidDataException($"{path}: 'labels' is not a list");
        if (labels.Count != rows)
        {
            throw new InvalidDataException($"{path}: {labels.Count} labels for {rows} images");
        }

        return (bytes, labels.Select((label, i) => label as long? ?? throw new InvalidDataException($"{path}: label {i} is a {PickleMachine.Describe(label)}, not an int")).ToArray());
    }

    /// <summary>The class names of batches.meta ("label_names").</summary>
    public static IReadOnlyList<string> ReadLabelNames(string path)
    {
        var names = Entry(Load(path), "label_names", path) as List<object?> ?? throw new InvalidDataException($"{path}: 'label_names' is not a list");
        return names.Select(name => AsText(name) ?? throw new InvalidDataException($"{path}: a label name is a {PickleMachine.Describe(name)}")).ToArray();
    }

    private static PickleMachine.Dict Load(string path)
    {
        try
        {
            using var stream = new MemoryStream(File.ReadAllBytes(path));
            var machine = new PickleMachine(stream, ResolveGlobal, id => throw new InvalidDataException("persistent ids do not occur in a CIFAR-10 batch"), Call, Build);
            return machine.Run() as PickleMachine.Dict ?? throw new InvalidDataException("the pickle does not hold a dict");
        }
        catch (Exception error) when (error is InvalidDataException or EndOfStreamException)
        {
            throw new InvalidDataException($"{path}: not a CIFAR-10 python batch ({error.Message})", error);
        }
    }

    private static object? Entry(PickleMachine.Dict dict, string key, string path)
    {
        foreach (var (name, value) in dict.Items)
        {
            if (AsText(name) == key)
            {
                return value;
            }
        }

        throw new InvalidDataException($"{path}: no '{key}' entry (it has {string.Join(", ", dict.Items.Select(kv => AsText(kv.Key) ?? "?"))})");
    }

    // keys and names are byte strings in the published (Python 2) files, str in Python 3 re-pickles
    private static string? AsText(object? value) => value switch
    {
        string text => text,
        byte[] bytes => Encoding.Latin1.GetString(bytes),
        _ => null,
    };

    private sealed record Global(string Name);

    /// <summary>numpy's ndarray as its pickle rebuilds it: created empty by _reconstruct, then filled by BUILD.</summary>
    private sealed class NumpyArray
    {
        public long[] Shape { get; set; } = [];

        public string DType { get; set; } = "";

        public bool Fortran { get; set; }

        public byte[]? Bytes { get; set; }
    }

    private sealed record NumpyDType(string Code);

    private static object ResolveGlobal(string module, string name) => (module, name) switch
    {
        ("numpy.core.multiarray" or "numpy._core.multiarray", "_reconstruct") => new Global("_reconstruct"),
        ("numpy", "ndarray") => new Global("ndarray"),
        ("numpy", "dtype") => new Global("dtype"),
        ("_codecs", "encode") => new Global("encode"),
        _ => throw new InvalidDataException($"the pickle refers to {module}.{name}, which a CIFAR-10 batch does not contain"),
    };

    private static object? Call(object callable, object?[] args) => (callable as Global)?.Name switch
    {
        "_reconstruct" => new NumpyArray(),
        "dtype" when args.Length >= 1 && AsText(args[0]) is { } code => new NumpyDType(code),
        "encode" when args is [string text, ..] => Encoding.Latin1.GetBytes(text), // how Python 3's protocol 2 writes bytes
        var name => throw new InvalidDataException($"calling {name ?? PickleMachine.Describe(callable)} with {args.Length} arguments is not supported"),
    };

    // ndarray.__setstate__((version, shape, dtype, is_fortran, raw bytes)); a dtype's own state (byte order) is not needed for uint8
    private static void Build(object? target, object? state)
    {
        if (target is NumpyArray array)
        {
            if (state is not PickleMachine.Tuple { Items: [long, PickleMachine.Tuple shape, NumpyDType dtype, bool or long, var raw] } tuple)
            {
                throw new InvalidDataException("an ndarray's state is not (version, shape, dtype, is_fortran, data)");
            }

            array.Shape = shape.Items.Select(size => size as long? ?? throw new InvalidDataException("an ndarray's shape holds a non-integer")).ToArray();
            array.DType = dtype.Code;
            array.Fortran = tuple.Items[3] is true or 1L;
            array.Bytes = raw switch
            {
                byte[] bytes => bytes,
                string text => Encoding.Latin1.GetBytes(text),
                _ => throw new InvalidDataException($"an ndarray's data is a {PickleMachine.Describe(raw)}"),
            };
        }
    }
}
