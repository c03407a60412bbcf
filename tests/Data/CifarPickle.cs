using System.Buffers.Binary;
using System.Text;

namespace IlgpuNet.Tests.Data;

/// <summary>
/// Writes CIFAR-10 "python version" batches byte for byte as the published files are laid out: Python 2's cPickle,
/// protocol 2, a dict with byte-string keys whose "data" is numpy's _reconstruct + BUILD of a uint8 (N, 3072) array
/// (its bytes one BINSTRING), "labels" a list of ints, plus "batch_label" and "filenames"; batches.meta with
/// "label_names". <c>python3</c> writes what a Python 3 re-pickle holds instead: str keys, BINBYTES, bool dtype flags.
/// </summary>
internal static class CifarPickle
{
    public static void WriteBatch(string path, byte[] planarImages, byte[] labels, bool python3 = false)
    {
        var p = new Writer(python3);
        p.Op(0x80).Op(2).Op('}').Put();
        p.Op('(');
        p.Text("data").Put();
        p.Global("numpy.core.multiarray", "_reconstruct").Put().Global("numpy", "ndarray").Put();
        p.Int(0).Op(0x85).Bytes("b"u8).Op(0x87).Op('R').Put(); // _reconstruct(ndarray, (0,), b'b')
        p.Op('(').Int(1).Int(labels.Length).Int(3072).Op(0x86);
        p.Global("numpy", "dtype").Put().Bytes("u1"u8).Flag(false).Flag(true).Op(0x87).Op('R').Put();
        p.Op('(').Int(3).Bytes("|"u8).Op('N').Op('N').Op('N').Int(-1).Int(-1).Int(0).Op('t').Op('b'); // dtype state
        p.Op(0x89).Bytes(planarImages).Op('t').Op('b'); // ndarray state: (1, shape, dtype, False, raw bytes)
        p.Text("labels").Put().Op(']').Put().Op('(');
        foreach (byte label in labels)
        {
            p.Int(label);
        }

        p.Op('e');
        p.Text("batch_label").Put().Text("testing batch 1 of 1").Put();
        p.Text("filenames").Put().Op(']').Put().Op('(');
        for (int i = 0; i < labels.Length; i++)
        {
            p.Text($"image_{i}.png").Put();
        }

        p.Op('e').Op('u').Op('.');
        File.WriteAllBytes(path, p.ToArray());
    }

    public static void WriteMeta(string path, IReadOnlyList<string> labelNames, bool python3 = false)
    {
        var p = new Writer(python3);
        p.Op(0x80).Op(2).Op('}').Put().Op('(');
        p.Text("num_cases_per_batch").Int(10000);
        p.Text("label_names").Put().Op(']').Put().Op('(');
        foreach (var name in labelNames)
        {
            p.Text(name).Put();
        }

        p.Op('e').Text("num_vis").Int(3072).Op('u').Op('.');
        File.WriteAllBytes(path, p.ToArray());
    }

    private sealed class Writer(bool python3)
    {
        private readonly MemoryStream stream = new();
        private int memo;

        public Writer Op(int code)
        {
            stream.WriteByte((byte)code);
            return this;
        }

        /// <summary>BINPUT / LONG_BINPUT of the object on top (cPickle memoises every container and string).</summary>
        public Writer Put()
        {
            memo++;
            if (memo < 256)
            {
                return Op('q').Op(memo);
            }

            Op('r');
            Span<byte> index = stackalloc byte[4];
            BinaryPrimitives.WriteInt32LittleEndian(index, memo);
            stream.Write(index);
            return this;
        }

        public Writer Int(int value)
        {
            Span<byte> bytes = stackalloc byte[4];
            if (value is >= 0 and < 256)
            {
                return Op('K').Op(value);
            }

            if (value is >= 256 and < 65536)
            {
                Op('M');
                BinaryPrimitives.WriteUInt16LittleEndian(bytes, (ushort)value);
                stream.Write(bytes[..2]);
                return this;
            }

            Op('J');
            BinaryPrimitives.WriteInt32LittleEndian(bytes, value);
            stream.Write(bytes);
            return this;
        }

        public Writer Flag(bool value) => python3 ? Op(value ? 0x88 : 0x89) : Int(value ? 1 : 0);

        /// <summary>A Python 2 str (SHORT_BINSTRING / BINSTRING), or Python 3 bytes (SHORT_BINBYTES / BINBYTES).</summary>
        public Writer Bytes(ReadOnlySpan<byte> value)
        {
            if (value.Length < 256)
            {
                Op(python3 ? 'C' : 'U').Op(value.Length);
            }
            else
            {
                Op(python3 ? 'B' : 'T');
                Span<byte> length = stackalloc byte[4];
                BinaryPrimitives.WriteInt32LittleEndian(length, value.Length);
                stream.Write(length);
            }

            stream.Write(value);
            return this;
        }

        /// <summary>A key or name: Python 2 str, or Python 3 str (SHORT_BINUNICODE).</summary>
        public Writer Text(string value)
        {
            if (!python3)
            {
                return Bytes(Encoding.ASCII.GetBytes(value));
            }

            var utf8 = Encoding.UTF8.GetBytes(value);
            Op(0x8c).Op(utf8.Length);
            stream.Write(utf8);
            return this;
        }

        public Writer Global(string module, string name)
        {
            Op('c');
            stream.Write(Encoding.ASCII.GetBytes($"{module}\n{name}\n"));
            return this;
        }

        public byte[] ToArray() => stream.ToArray();
    }
}
