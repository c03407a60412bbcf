namespace IlgpuNet.Benchmarks;

/// <summary>A benchmark command's arguments: named options that take a value (--batch 32), flags (--turns), and the rest in order.</summary>
public sealed class CommandOptions
{
    private readonly Dictionary<string, string> named;
    private readonly HashSet<string> flags;

    private CommandOptions(Dictionary<string, string> named, HashSet<string> flags, List<string> positional)
    {
        this.named = named;
        this.flags = flags;
        Positional = positional;
    }

    public IReadOnlyList<string> Positional { get; }

    /// <summary>
    /// Splits <paramref name="args"/>; an option neither in <paramref name="known"/> nor in <paramref name="knownFlags"/>,
    /// or one without its value, is an error.
    /// </summary>
    public static CommandOptions Parse(string[] args, string[] known, string[]? knownFlags = null)
    {
        var named = new Dictionary<string, string>();
        var flags = new HashSet<string>();
        var positional = new List<string>();
        for (int i = 0; i < args.Length; i++)
        {
            if (!args[i].StartsWith("--", StringComparison.Ordinal))
            {
                positional.Add(args[i]);
                continue;
            }

            if (knownFlags?.Contains(args[i]) == true)
            {
                flags.Add(args[i]);
                continue;
            }

            if (!known.Contains(args[i]))
            {
                var all = known.Concat(knownFlags ?? []).ToList();
                throw new ArgumentException(all.Count == 0 ? $"unknown option {args[i]}; this command takes none"
                    : $"unknown option {args[i]}; known: {string.Join(", ", all)}");
            }

            named[args[i]] = i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
        }

        return new CommandOptions(named, flags, positional);
    }

    public bool Flag(string name) => flags.Contains(name);

    public string? Text(string name) => named.GetValueOrDefault(name);

    /// <summary>The positional argument at <paramref name="index"/> as a positive integer, or <paramref name="otherwise"/> when absent.</summary>
    public int PositiveAt(int index, string name, int otherwise)
        => index >= Positional.Count ? otherwise
            : int.TryParse(Positional[index], out int value) && value > 0 ? value : throw new ArgumentException($"{name} must be a positive integer, got '{Positional[index]}'");

    /// <summary>The positional argument at <paramref name="index"/>; a missing one is an error naming it.</summary>
    public string RequiredAt(int index, string name)
        => index < Positional.Count ? Positional[index] : throw new ArgumentException($"missing {name}");

    /// <summary>A positive integer option, or null when not given.</summary>
    public int? Int(string name)
    {
        if (!named.TryGetValue(name, out var text))
        {
            return null;
        }

        return int.TryParse(text, out int value) && value > 0 ? value : throw new ArgumentException($"{name} must be a positive integer, got '{text}'");
    }
}
