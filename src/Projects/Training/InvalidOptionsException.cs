namespace IlgpuNet.Training;

/// <summary>Options that cannot work, found before any work started: one line per problem, each naming the option and its value.</summary>
public sealed class InvalidOptionsException(IReadOnlyList<string> problems) : ArgumentException(string.Join('\n', problems))
{
    public IReadOnlyList<string> Problems { get; } = problems;
}
