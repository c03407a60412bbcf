using FsCheck;
using FsCheck.Fluent;
using IlgpuNet.Tensors.IO;

namespace IlgpuNet.Tests.Support;

/// <summary>
/// Property checks for the file readers: random bytes, and a valid file with bytes overwritten, runs inserted or
/// deleted and its tail cut, must load or throw <see cref="InvalidFileException"/> (never another type), and may
/// allocate no more than the limit the reader declares for an input of that size.
/// </summary>
public static class ReaderProperties
{
    /// <summary>Generated inputs per property (a few hundred small files: well under a second of work each).</summary>
    public const int Tests = 300;

    /// <summary>Checks <paramref name="load"/> on inputs made from <paramref name="valid"/> (and random bytes).</summary>
    /// <param name="allocationLimit">The most bytes a load of an input of this length may allocate.</param>
    public static void LoadOrThrowInvalidFile(IReadOnlyList<byte[]> valid, Action<byte[]> load, Func<long, long> allocationLimit)
    {
        var randomBytes = Gen.ArrayOf(Gen.Choose(0, 255).Select(b => (byte)b));
        var inputs = Gen.OneOf(valid.Select(Mutated).Append(randomBytes));
        var property = Prop.ForAll(Arb.From(inputs), (byte[] bytes) =>
        {
            long before = GC.GetAllocatedBytesForCurrentThread();
            try
            {
                load(bytes);
            }
            catch (InvalidFileException)
            {
                // the one type a reader may throw for bad contents
            }

            long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
            if (allocated > allocationLimit(bytes.Length))
            {
                throw new InvalidOperationException($"reading {bytes.Length} bytes allocated {allocated}, more than the limit {allocationLimit(bytes.Length)}");
            }
        });
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(Tests), property);
    }

    /// <summary>A valid file with a few edits: overwrite a run, insert or delete bytes, or cut the tail.</summary>
    private static Gen<byte[]> Mutated(byte[] valid)
    {
        var edit = Gen.Choose(0, 3).SelectMany(kind => Gen.Choose(0, valid.Length - 1).SelectMany(position =>
            Gen.Choose(1, 8).SelectMany(length => Gen.Choose(0, 255).Select(value => (kind, position, length, (byte)value)))));
        return Gen.Choose(1, 4).SelectMany(count => Gen.ArrayOf(edit, count)).Select(edits => edits.Aggregate(valid, Apply));
    }

    private static byte[] Apply(byte[] bytes, (int Kind, int Position, int Length, byte Value) edit)
    {
        int at = Math.Min(edit.Position, Math.Max(0, bytes.Length - 1));
        var list = bytes.ToList();
        switch (edit.Kind)
        {
            case 0: // overwrite a run (header fields, lengths, offsets, magic numbers)
                for (int i = at; i < Math.Min(list.Count, at + edit.Length); i++)
                {
                    list[i] = (byte)(edit.Value + i);
                }

                break;
            case 1:
                list.InsertRange(at, Enumerable.Repeat(edit.Value, edit.Length));
                break;
            case 2:
                list.RemoveRange(at, Math.Min(edit.Length, list.Count - at));
                break;
            default:
                list.RemoveRange(at, list.Count - at); // truncated
                break;
        }

        return [.. list];
    }
}
