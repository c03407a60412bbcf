namespace IlgpuNet.Data.Datasets;

/// <summary>
/// The data sets the experiments use. SHA-256 values are recorded only where published hashes were confirmed: MNIST's
/// in several independent sources (TFDS, others) and, for t10k, against the copy on these machines; Fashion-MNIST's in
/// two sources. CIFAR-10 binary's SHA-256 is unknown (only MD5s are published), so its download prints the computed
/// hash and needs --trust-unverified.
/// </summary>
public static class DatasetRegistry
{
    private const string MnistBase = "https://storage.googleapis.com/cvdf-datasets/mnist/";
    private const string FashionBase = "http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/";

    public static IReadOnlyList<DatasetInfo> All { get; } =
    [
        new("mnist", ["mnist", "MNIST/raw"], HasIdx,
        [
            new(MnistBase + "train-images-idx3-ubyte.gz", "440fcabf73cc546fa21475e81ea370265605f56be210a4024d2ca8f203523609"),
            new(MnistBase + "train-labels-idx1-ubyte.gz", "3552534a0a558bbed6aed32b30c495cca23d567ec52cac8be1a0730e8010255c"),
            new(MnistBase + "t10k-images-idx3-ubyte.gz", "8d422c7b0a1c1c79245a5bcf07fe86e33eeafee792b84584aec276f5a2dbc4e6"),
            new(MnistBase + "t10k-labels-idx1-ubyte.gz", "f7ae60f92e00ec6debd23a6088c31dbd2371eca3ffa0defaefb259924204aec6"),
        ], "run `ilgpunet data get mnist`"),
        new("fashion-mnist", ["fashion-mnist", "FashionMNIST/raw"], HasIdx,
        [
            new(FashionBase + "train-images-idx3-ubyte.gz", "08dc20ab1689590a0bcd66e874647b6ee8464e2d501b5a3f1f78831db19a3fdc"),
            new(FashionBase + "train-labels-idx1-ubyte.gz", "b0197879cbda89f3dc7b894f9fd52b858e68ea4182b6947c9d8c2b67e5f18dcc"),
            new(FashionBase + "t10k-images-idx3-ubyte.gz", "78dcbbfb5a27efaf1b6c1d616caca68560be8766c5bffcb2791df9273a534229"),
            new(FashionBase + "t10k-labels-idx1-ubyte.gz", "42bd18137a62d5998cdeae52bf3a0676ac6b706f5cf8439b47bb5b151ae3dccf"),
        ], "run `apt-get install dataset-fashion-mnist` (Debian) or `ilgpunet data get fashion-mnist`"),
        new("cifar10", ["cifar10/cifar-10-batches-bin", "cifar-10-batches-bin", "cifar10/cifar-10-batches-py", "cifar-10-batches-py", "cifar10"],
            folder => File.Exists(Path.Combine(folder, "test_batch.bin")) || File.Exists(Path.Combine(folder, "test_batch")),
            [new("https://www.cs.toronto.edu/~kriz/cifar-10-binary.tar.gz", null, Extract: true)],
            "run `ilgpunet data get cifar10 --trust-unverified` (no published SHA-256; the computed one is printed)"),
        new("set5", ["sr/Set5", "Set5"], folder => Directory.Exists(Path.Combine(folder, "image_SRF_2")), [],
            "download Set5 from J.-B. Huang's SelfExSR repository (github.com/jbhuang0604/SelfExSR, data/) and unpack it as sr/Set5"),
        new("set14", ["sr/Set14", "Set14"], folder => Directory.Exists(Path.Combine(folder, "image_SRF_2")), [],
            "download Set14 from J.-B. Huang's SelfExSR repository (github.com/jbhuang0604/SelfExSR, data/) and unpack it as sr/Set14"),
        new("bsd100-hr", ["sr/train-BSD100-HR", "train-BSD100-HR"], folder => Directory.EnumerateFiles(folder, "*.png").Any(), [],
            "put the B100 HR PNGs under sr/train-BSD100-HR"),
        new("lego", ["nerf/lego", "nerf_synthetic/lego", "lego"], folder => File.Exists(Path.Combine(folder, "transforms_train.json")), [],
            "download nerf_synthetic.zip (NeRF project page, Mildenhall et al.) and unpack its lego/ as nerf/lego"),
        new("scene15", ["scene15"], folder => Directory.Exists(Path.Combine(folder, "train")) && Directory.Exists(Path.Combine(folder, "test")), [],
            "put the 15-Scene train/ and test/ class folders under scene15/"),
    ];

    public static DatasetInfo Get(string name) =>
        All.FirstOrDefault(info => string.Equals(info.Name, name, StringComparison.OrdinalIgnoreCase))
        ?? throw new ArgumentException($"unknown data set '{name}'; known: {string.Join(", ", All.Select(info => info.Name))}");

    private static bool HasIdx(string folder) =>
        Directory.EnumerateFiles(folder, "t10k-images*").Any() || Directory.EnumerateFiles(folder, "train-images*").Any();
}
