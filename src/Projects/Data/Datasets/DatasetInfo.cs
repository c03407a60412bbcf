namespace IlgpuNet.Data.Datasets;

/// <summary>
/// A data set the locator can find: the folder name it lives under in a data root, a check that a folder really holds
/// it, how to obtain it, and (where a canonical URL exists) the files <c>ilgpunet data get</c> downloads.
/// </summary>
public sealed record DatasetInfo(
    string Name,
    IReadOnlyList<string> RelativePaths,
    Func<string, bool> IsPresent,
    IReadOnlyList<DownloadFile> Files,
    string HowToGet);
