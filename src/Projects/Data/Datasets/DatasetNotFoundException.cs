namespace IlgpuNet.Data.Datasets;

/// <summary>A data set is in none of the places searched; the message lists them and says how to get it.</summary>
public sealed class DatasetNotFoundException(string name, IReadOnlyList<string> searched, string message)
    : Exception(message)
{
    public string Name { get; } = name;

    public IReadOnlyList<string> Searched { get; } = searched;
}
