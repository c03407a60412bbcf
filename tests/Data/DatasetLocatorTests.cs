using IlgpuNet.Data.Datasets;

namespace IlgpuNet.Tests.Data;

public class DatasetLocatorTests
{
    [Fact]
    public void Locate_WithoutDataOption_PrefersEnvironmentThenCache()
    {
        using var folder = new TempFolder();
        string environment = folder.File("env"), home = folder.File("home");
        File.WriteAllText(folder.File("env", "fashion-mnist", "t10k-images-idx3-ubyte.gz"), "");
        File.WriteAllText(folder.File("home", ".cache", "ilgpunet", "fashion-mnist", "t10k-images-idx3-ubyte.gz"), "");

        var locator = new DatasetLocator(null, name => name == "ILGPUNET_DATA" ? environment : null, home, []);
        Assert.Equal(Path.Combine(environment, "fashion-mnist"), locator.Locate("Fashion-MNIST"));

        var cacheOnly = new DatasetLocator(null, _ => null, home, []);
        Assert.Equal(Path.Combine(home, ".cache", "ilgpunet", "fashion-mnist"), cacheOnly.Locate("fashion-mnist"));
    }

    [Fact]
    public void Locate_WithDataOption_SearchesOnlyThatFolderAndNamesIt()
    {
        using var folder = new TempFolder();
        string option = folder.File("option"), environment = folder.File("env");
        File.WriteAllText(folder.File("env", "fashion-mnist", "t10k-images-idx3-ubyte.gz"), "");
        var locator = new DatasetLocator(option, name => name == "ILGPUNET_DATA" ? environment : null, folder.File("home"), []);

        var missing = Assert.Throws<DatasetNotFoundException>(() => locator.Locate("fashion-mnist"));
        Assert.Equal($"--data {option}: no such folder", missing.Message); // not the copy under $ILGPUNET_DATA

        File.WriteAllText(folder.File("option", "notes.txt"), "");
        var elsewhere = Assert.Throws<DatasetNotFoundException>(() => locator.Locate("fashion-mnist"));
        Assert.StartsWith($"--data {option}: holds no 'fashion-mnist' data set", elsewhere.Message);
        // not used, only pointed at: the run without --data would find it there
        Assert.EndsWith($"; leave out --data to use the one in {Path.Combine(environment, "fashion-mnist")}", elsewhere.Message);

        var nowhere = new DatasetLocator(option, _ => null, folder.File("home"), []);
        Assert.DoesNotContain("leave out --data", Assert.Throws<DatasetNotFoundException>(() => nowhere.Locate("fashion-mnist")).Message);

        File.WriteAllText(folder.File("option", "fashion-mnist", "train-images-idx3-ubyte"), "");
        Assert.Equal(Path.Combine(option, "fashion-mnist"), locator.Locate("fashion-mnist"));

        string itself = folder.File("itself"); // --data may also be the data set's own folder
        File.WriteAllText(folder.File("itself", "t10k-images-idx3-ubyte"), "");
        Assert.Equal(itself, new DatasetLocator(itself, _ => null, folder.File("home"), []).Locate("fashion-mnist"));
    }

    [Fact]
    public void Locate_Missing_NamesEveryPlaceAndHowToGetIt()
    {
        using var folder = new TempFolder();
        string system = folder.File("system");
        Directory.CreateDirectory(Path.Combine(system, "fashion-mnist")); // exists but empty: not accepted
        var locator = new DatasetLocator(null, _ => folder.File("env"), folder.File("home"), [system]);

        var error = Assert.Throws<DatasetNotFoundException>(() => locator.Locate("fashion-mnist"));

        Assert.Equal(locator.Candidates("fashion-mnist").Count, error.Searched.Count);
        foreach (var place in error.Searched)
        {
            Assert.Contains(place, error.Message);
        }

        Assert.Contains(Path.Combine(system, "fashion-mnist"), error.Message);
        Assert.Contains("apt-get install dataset-fashion-mnist", error.Message);
        Assert.Contains("ilgpunet data get fashion-mnist", error.Message);
    }

    [Fact]
    public void Locate_UnknownName_ListsKnownNames()
    {
        var error = Assert.Throws<ArgumentException>(() => new DatasetLocator(null, _ => null, "/nonexistent", []).Locate("imagenet"));
        Assert.Contains("cifar10", error.Message);
    }
}
