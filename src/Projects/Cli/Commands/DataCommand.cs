using System.CommandLine;
using IlgpuNet.Data.Datasets;
using IlgpuNet.Training;

namespace IlgpuNet.Cli.Commands;

/// <summary><c>ilgpunet data get NAME</c> and <c>ilgpunet data list</c>.</summary>
public static class DataCommand
{
    public static Command Create()
    {
        var command = new Command("data", "Find or download data sets.");
        var name = new Argument<string>("name") { Description = "data set name (see 'ilgpunet data list')" };
        var into = new Option<string?>("--data") { Description = "download into this folder (default $ILGPUNET_DATA or ~/.cache/ilgpunet)" };
        var trust = new Option<bool>("--trust-unverified") { Description = "accept a file whose SHA-256 is not on record (prints the hash it computed)" };
        var get = new Command("get", "Download a data set from its canonical URL and verify its SHA-256.");
        get.Arguments.Add(name);
        get.Options.Add(into);
        get.Options.Add(trust);
        get.SetAction(result =>
        {
            var info = DatasetRegistry.Get(result.GetValue(name)!);
            if (result.GetValue(into) is { } destination)
            {
                new OptionCheck().OutputFolder("--data", destination).ThrowIfAny();
            }

            var locator = new DatasetLocator(result.GetValue(into));
            var downloader = new DatasetDownloader(new UrlDownloadSource(), Console.Out);
            var folder = downloader.GetAsync(info, locator.DataDirectory ?? locator.EnvironmentRoot ?? locator.CacheRoot, result.GetValue(trust)).GetAwaiter().GetResult();
            Console.WriteLine(folder);
            return 0;
        });
        var list = new Command("list", "List the data sets this tool knows and where each was found.");
        list.SetAction(_ =>
        {
            var locator = new DatasetLocator();
            foreach (var info in DatasetRegistry.All)
            {
                string where = locator.TryLocate(info.Name, out var folder) ? folder : "not found";
                Console.WriteLine($"{info.Name,-16} {where}");
            }

            return 0;
        });
        command.Subcommands.Add(get);
        command.Subcommands.Add(list);
        return command;
    }
}
