using IlgpuNet.Data;
using IlgpuNet.Data.Datasets;
using IlgpuNet.Data.Imaging;

namespace IlgpuNet.Training;

/// <summary>
/// The image-classification data: CIFAR-10 itself, or Fashion-MNIST as its stand-in, reshaped to CIFAR's 3×32×32
/// (each 28×28 gray image gets a 2-pixel black border and is repeated over three channels) so the Table-2 model keeps
/// exactly its 390,410 parameters.
/// </summary>
public sealed record CifarData(IDataset<LabeledImage> Train, IDataset<LabeledImage> Test, IReadOnlyList<string> ClassNames, string Name, bool IsStandIn)
{
    public const string FashionMnist = "fashion-mnist";
    public const string Cifar10 = "cifar10";

    public static readonly string[] FashionClassNames =
        ["T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"];

    public static CifarData Load(string dataset, string? dataDirectory)
    {
        var locator = new DatasetLocator(dataDirectory);
        switch (dataset)
        {
            case Cifar10:
                string folder = locator.Locate(Cifar10);
                var train = Cifar10Dataset.Open(folder, train: true);
                return new CifarData(train, Cifar10Dataset.Open(folder, train: false), train.ClassNames, "CIFAR-10", IsStandIn: false);
            case FashionMnist:
                string fashion = locator.Locate(FashionMnist);
                return new CifarData(
                    AsCifarShape(IdxDataset.OpenSplit(fashion, train: true)), AsCifarShape(IdxDataset.OpenSplit(fashion, train: false)),
                    FashionClassNames, "Fashion-MNIST (stand-in for CIFAR-10: 28×28 gray padded to 32×32, repeated to 3 channels)", IsStandIn: true);
            default:
                throw new ArgumentException($"unknown --dataset '{dataset}'; use {FashionMnist} (the stand-in) or {Cifar10}");
        }
    }

    /// <summary>Gray 28×28 (or any size up to 32) centred on a black 32×32 canvas, gray repeated to RGB.</summary>
    public static IDataset<LabeledImage> AsCifarShape(IDataset<LabeledImage> gray) =>
        new MappedDataset<LabeledImage, LabeledImage>(gray, sample => sample with { Image = PadToRgb(sample.Image, Cifar10Dataset.Side) });

    public static ByteImage PadToRgb(ByteImage gray, int side)
    {
        if (gray.Channels != 1 || gray.Width > side || gray.Height > side)
        {
            throw new ArgumentException($"expected a gray image of at most {side}×{side}, got {gray.Width}×{gray.Height}×{gray.Channels}");
        }

        var result = new ByteImage(side, side, 3);
        int top = (side - gray.Height) / 2, left = (side - gray.Width) / 2;
        for (int y = 0; y < gray.Height; y++)
        {
            for (int x = 0; x < gray.Width; x++)
            {
                byte value = gray.At(x, y, 0);
                for (int c = 0; c < 3; c++)
                {
                    result.At(left + x, top + y, c) = value;
                }
            }
        }

        return result;
    }
}
