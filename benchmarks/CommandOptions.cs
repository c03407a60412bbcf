namespace IlgpuNet.Benchmarks;

/// <summary>A benchmark command's arguments: named options that take a value (--batch 32), and the rest in order.</summary>
public sealed class CommandOptions
{
    private readonly Dictionary<string, string> named;

    private CommandOptions(Dictionary<string, string> named, List<string> positional)
    {
        this.named = named;
        Positional = positional;
    }

    public IReadOnlyList<string> Positional { get; }

    /// <summary>Splits <paramref name="args"/>; an option not in <paramref name="known"/>, or one without its value, is an error.</summary>
    public static CommandOptions Parse(string[] args, string[] known)
    {
        var named = new Dictionary<string, string>();
        var positional = new List<string>();
        for (int i = 0; i < args.Length; i++)
        {
            if (!args[i].StartsWith("--", StringComparison.Ordinal))
            {
                positional.Add(args[i]);
                continue;
            }

            if (!known.Contains(args[i]))
            {
                throw new ArgumentException($"unknown option {args[i]}; known: {string.Join(", ", known)}");
            }

            named[args[i]] = i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
        }

        return new CommandOptions(named, positional);
    }

    public string? Text(string name) => named.GetValueOrDefault(name);

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
