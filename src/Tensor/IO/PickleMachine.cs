using System.Buffers.Binary;
using System.Numerics;
using System.Text;

namespace IlgpuNet.Tensors.IO;

/// <summary>
/// A minimal pickle VM for what torch.save writes for a state dict and what the CIFAR-10 python batches hold: dicts,
/// lists, tuples, strings (Python 2 byte strings come back as byte[], as pickle.load(..., encoding="bytes") gives them),
/// numbers, booleans, None, the memo, persistent ids (tensor storages), REDUCE of an allow-listed set of callables and
/// BUILD (an object's state, handed to the caller). It never imports or runs anything: every GLOBAL must be one the
/// caller resolves, anything else is an error.
/// </summary>
public sealed class PickleMachine
{
    private readonly BinaryReader input;
    private readonly Func<string, string, object> resolveGlobal;
    private readonly Func<object?, object> persistentLoad;
    private readonly Func<object, object?[], object?> call;
    private readonly Action<object?, object?>? build;
    private readonly List<object?> stack = [];
    private readonly Stack<int> marks = new();
    private readonly Dictionary<long, object?> memo = [];

    /// <param name="resolveGlobal">Turns GLOBAL (module, name) into a value, or throws for one the caller does not allow.</param>
    /// <param name="persistentLoad">BINPERSID: an object stored outside the pickle (torch's tensor storages).</param>
    /// <param name="call">REDUCE: calls a resolved global with its argument tuple.</param>
    /// <param name="build">BUILD: gives an object (the one on the stack) its state; null ignores every state.</param>
    public PickleMachine(Stream pickle, Func<string, string, object> resolveGlobal, Func<object?, object> persistentLoad, Func<object, object?[], object?> call,
        Action<object?, object?>? build = null)
    {
        input = new BinaryReader(pickle, Encoding.UTF8, leaveOpen: true);
        this.resolveGlobal = resolveGlobal;
        this.persistentLoad = persistentLoad;
        this.call = call;
        this.build = build;
    }

    /// <summary>A dict in insertion order (Python dicts and OrderedDict alike).</summary>
    public sealed class Dict
    {
        public List<KeyValuePair<object?, object?>> Items { get; } = [];

        public void Set(object? key, object? value)
        {
            int at = Items.FindIndex(kv => Equals(kv.Key, key));
            if (at >= 0)
            {
                Items[at] = new(key, value);
            }
            else
            {
                Items.Add(new(key, value));
            }
        }
    }

    /// <summary>A tuple (immutable, unlike a list).</summary>
    public sealed record Tuple(object?[] Items);

    public object? Run()
    {
        while (true)
        {
            long position = input.BaseStream.Position;
            byte opcode = input.ReadByte();
            switch (opcode)
            {
                case 0x80: input.ReadByte(); break; // PROTO
                case 0x95: input.ReadInt64(); break; // FRAME (length only; we read straight through)
                case (byte)'.': return Pop(); // STOP
                case (byte)'}': Push(new Dict()); break; // EMPTY_DICT
                case (byte)']': Push(new List<object?>()); break; // EMPTY_LIST
                case (byte)')': Push(new Tuple([])); break; // EMPTY_TUPLE
                case (byte)'(': marks.Push(stack.Count); break; // MARK
                case (byte)'N': Push(null); break; // NONE
                case 0x88: Push(true); break; // NEWTRUE
                case 0x89: Push(false); break; // NEWFALSE
                case (byte)'K': Push((long)input.ReadByte()); break; // BININT1
                case (byte)'M': Push((long)input.ReadUInt16()); break; // BININT2
                case (byte)'J': Push((long)input.ReadInt32()); break; // BININT
                case 0x8a: Push(ReadLong(input.ReadByte())); break; // LONG1
                case 0x8b: Push(ReadLong(input.ReadInt32())); break; // LONG4
                case (byte)'G': Push(BinaryPrimitives.ReadDoubleBigEndian(ReadBytes(8))); break; // BINFLOAT
                case (byte)'X': Push(ReadUtf8(input.ReadUInt32())); break; // BINUNICODE
                case 0x8c: Push(ReadUtf8(input.ReadByte())); break; // SHORT_BINUNICODE
                case 0x8d: Push(ReadUtf8((long)input.ReadUInt64())); break; // BINUNICODE8
                case (byte)'C': Push(ReadBytes(input.ReadByte())); break; // SHORT_BINBYTES
                case (byte)'B': Push(ReadBytes(input.ReadUInt32())); break; // BINBYTES
                case (byte)'U': Push(ReadBytes(input.ReadByte())); break; // SHORT_BINSTRING (Python 2 str)
                case (byte)'T': Push(ReadBytes(input.ReadUInt32())); break; // BINSTRING (Python 2 str)
                case (byte)'t': Push(new Tuple([.. PopToMark()])); break; // TUPLE
                case 0x85: Push(new Tuple([Pop()])); break; // TUPLE1
                case 0x86: { var b = Pop(); var a = Pop(); Push(new Tuple([a, b])); break; } // TUPLE2
                case 0x87: { var c = Pop(); var b = Pop(); var a = Pop(); Push(new Tuple([a, b, c])); break; } // TUPLE3
                case (byte)'l': Push(PopToMark()); break; // LIST
                case (byte)'a': { var item = Pop(); AsList(Peek(), position).Add(item); break; } // APPEND
                case (byte)'e': { var items = PopToMark(); AsList(Peek(), position).AddRange(items); break; } // APPENDS
                case (byte)'d': Push(DictFrom(PopToMark(), position)); break; // DICT
                case (byte)'s': { var value = Pop(); var key = Pop(); AsDict(Peek(), position).Set(key, value); break; } // SETITEM
                case (byte)'u': // SETITEMS
                    {
                        var items = PopToMark();
                        var dict = AsDict(Peek(), position);
                        for (int i = 0; i + 1 < items.Count; i += 2)
                        {
                            dict.Set(items[i], items[i + 1]);
                        }

                        break;
                    }

                case (byte)'c': Push(resolveGlobal(ReadLine(), ReadLine())); break; // GLOBAL
                case 0x93: { var name = Pop() as string; var module = Pop() as string; Push(resolveGlobal(module ?? "?", name ?? "?")); break; } // STACK_GLOBAL
                case (byte)'Q': Push(persistentLoad(Pop())); break; // BINPERSID
                case (byte)'R': // REDUCE
                    {
                        var args = Pop() as Tuple ?? throw new InvalidDataException($"pickle: REDUCE at byte {position} without an argument tuple");
                        var callable = Pop() ?? throw new InvalidDataException($"pickle: REDUCE at byte {position} of None");
                        Push(call(callable, args.Items));
                        break;
                    }

                case (byte)'b': // BUILD
                    {
                        var state = Pop();
                        build?.Invoke(Peek(), state);
                        break;
                    }

                case 0x94: memo[memo.Count] = Peek(); break; // MEMOIZE
                case (byte)'q': memo[input.ReadByte()] = Peek(); break; // BINPUT
                case (byte)'r': memo[input.ReadUInt32()] = Peek(); break; // LONG_BINPUT
                case (byte)'h': Push(FromMemo(input.ReadByte(), position)); break; // BINGET
                case (byte)'j': Push(FromMemo(input.ReadUInt32(), position)); break; // LONG_BINGET
                case (byte)'0': Pop(); break; // POP
                case (byte)'2': Push(Peek()); break; // DUP
                default:
                    throw new InvalidDataException($"pickle: unsupported opcode 0x{opcode:x2} ('{(char)opcode}') at byte {position}; neither torch.save of a state dict nor numpy's array pickling uses it");
            }
        }
    }

    private void Push(object? value) => stack.Add(value);

    private object? Pop()
    {
        if (stack.Count == 0 || (marks.Count > 0 && marks.Peek() == stack.Count))
        {
            throw new InvalidDataException($"pickle: stack underflow at byte {input.BaseStream.Position}");
        }

        var value = stack[^1];
        stack.RemoveAt(stack.Count - 1);
        return value;
    }

    private object? Peek() => stack.Count > 0 ? stack[^1] : throw new InvalidDataException($"pickle: stack underflow at byte {input.BaseStream.Position}");

    private List<object?> PopToMark()
    {
        if (marks.Count == 0)
        {
            throw new InvalidDataException($"pickle: no MARK on the stack at byte {input.BaseStream.Position}");
        }

        int start = marks.Pop();
        var items = stack.GetRange(start, stack.Count - start);
        stack.RemoveRange(start, stack.Count - start);
        return items;
    }

    private object? FromMemo(long index, long position)
        => memo.TryGetValue(index, out var value) ? value : throw new InvalidDataException($"pickle: memo entry {index} read at byte {position} was never stored");

    private static List<object?> AsList(object? target, long position)
        => target as List<object?> ?? throw new InvalidDataException($"pickle: APPEND at byte {position} to a {Describe(target)}, not a list");

    private static Dict AsDict(object? target, long position)
        => target as Dict ?? throw new InvalidDataException($"pickle: SETITEM at byte {position} on a {Describe(target)}, not a dict");

    private static Dict DictFrom(List<object?> items, long position)
    {
        var dict = new Dict();
        if (items.Count % 2 != 0)
        {
            throw new InvalidDataException($"pickle: DICT at byte {position} with an odd number of items");
        }

        for (int i = 0; i < items.Count; i += 2)
        {
            dict.Set(items[i], items[i + 1]);
        }

        return dict;
    }

    private byte[] ReadBytes(long count)
    {
        if (count < 0 || count > input.BaseStream.Length - input.BaseStream.Position)
        {
            throw new EndOfStreamException($"pickle: a {count}-byte value runs past the end of the data");
        }

        return input.ReadBytes((int)count);
    }

    private string ReadUtf8(long count) => Encoding.UTF8.GetString(ReadBytes(count));

    private string ReadLine()
    {
        var text = new StringBuilder();
        for (char c = (char)input.ReadByte(); c != '\n'; c = (char)input.ReadByte())
        {
            text.Append(c);
        }

        return text.ToString();
    }

    /// <summary>Little-endian two's complement of n bytes: a long when it fits, else a BigInteger.</summary>
    private object ReadLong(long count)
    {
        var value = new BigInteger(ReadBytes(count), isUnsigned: false, isBigEndian: false);
        return value >= long.MinValue && value <= long.MaxValue ? (long)value : value;
    }

    public static string Describe(object? value) => value switch
    {
        null => "None",
        Dict => "dict",
        Tuple => "tuple",
        List<object?> => "list",
        _ => value.GetType().Name,
    };
}
