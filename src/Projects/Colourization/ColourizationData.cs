using IlgpuNet.Data;
using IlgpuNet.Data.Datasets;
using IlgpuNet.Data.Imaging;

namespace IlgpuNet.Colourization;

/// <summary>
/// The 32×32 colour images of the study. CIFAR-10 (the assignment's data): its training images of one class (or all)
/// to train, its test images of that class to validate, as the assignment does. The stand-in, since CIFAR-10 is not on
/// the development machines: crops of the B100 natural images, each image shrunk by <see cref="ColourizationOptions.Downscale"/>
/// and cut into 32×32 crops every <see cref="ColourizationOptions.CropStride"/> pixels; the images are split (seeded)
/// into training and validation images before cropping, so no part of a validation image is ever trained on.
/// </summary>
public sealed record ColourizationData(IReadOnlyList<ByteImage> Train, IReadOnlyList<ByteImage> Validation, string Name, string Description,
    IReadOnlyList<string> TrainSources, IReadOnlyList<string> ValidationSources)
{
    public const int Side = 32;

    public static ColourizationData Load(ColourizationOptions options, string? dataDirectory, ulong seed)
    {
        var locator = new DatasetLocator(dataDirectory);
        return options.Dataset == ColourizationOptions.Cifar10 ? Cifar(locator.Locate("cifar10"), options.CifarClass) : StandIn(locator.Locate("bsd100-hr"), options, seed);
    }

    public static ColourizationData Cifar(string folder, string className)
    {
        Cifar10Dataset train = Cifar10Dataset.Open(folder, train: true), test = Cifar10Dataset.Open(folder, train: false);
        if (className != "all")
        {
            (train, test) = (train.OfClass(className), test.OfClass(className));
        }

        if (train.Count == 0 || test.Count == 0)
        {
            throw new InvalidDataException($"{folder}: CIFAR-10 holds {train.Count} training and {test.Count} test images of class '{className}'");
        }

        IReadOnlyList<ByteImage> Images(Cifar10Dataset split) => Enumerable.Range(0, split.Count).Select(i => split[i].Image).ToArray();
        string which = className == "all" ? "all classes" : $"class '{className}'";
        return new ColourizationData(Images(train), Images(test), $"CIFAR-10, {which}",
            $"CIFAR-10 ({folder}), {which}: {train.Count} training images, and the {test.Count} test images of the same class for validation, as the assignment does.",
            [folder], [folder]);
    }

    /// <summary>Crops of every PNG, JPEG, BMP or PPM image in <paramref name="folder"/>; <see cref="ColourizationOptions.ValidationImages"/> of them (seeded) validate.</summary>
    public static ColourizationData StandIn(string folder, ColourizationOptions options, ulong seed)
    {
        var files = Directory.EnumerateFiles(folder).Where(IsImageFile).Order(StringComparer.Ordinal).ToArray();
        if (files.Length <= options.ValidationImages)
        {
            throw new ArgumentException($"--val-images {options.ValidationImages}: {folder} holds {files.Length} images, so none would be left to train on");
        }

        // a seeded shuffle of the file names decides the split, before any image is cut
        var shuffled = (string[])files.Clone();
        new Random(Training.SampleSeed.For(seed, -1, 0)).Shuffle(shuffled);
        var validationFiles = shuffled.Take(options.ValidationImages).Order(StringComparer.Ordinal).ToArray();
        var trainFiles = shuffled.Skip(options.ValidationImages).Order(StringComparer.Ordinal).ToArray();
        var train = trainFiles.SelectMany(file => Crops(file, options)).ToArray();
        var validation = validationFiles.SelectMany(file => Crops(file, options)).ToArray();
        if (train.Length == 0 || validation.Length == 0)
        {
            throw new ArgumentException($"--downscale {options.Downscale}: the images in {folder} are too small for {Side}×{Side} crops");
        }

        return new ColourizationData(train, validation, "B100 crops (stand-in for CIFAR-10)",
            $"Stand-in for CIFAR-10: {Side}×{Side} crops of the {files.Length} natural images in {folder}, each shrunk {options.Downscale}× (bicubic, antialiased) and cut every {options.CropStride} pixels. " +
            $"The images are split before cropping: {trainFiles.Length} images give the {train.Length} training crops, {validationFiles.Length} others the {validation.Length} validation crops, so no validation image is trained on.",
            trainFiles.Select(Path.GetFileName).ToArray()!, validationFiles.Select(Path.GetFileName).ToArray()!);
    }

    private static bool IsImageFile(string path) => Path.GetExtension(path).ToLowerInvariant() is ".png" or ".jpg" or ".jpeg" or ".bmp" or ".ppm";

    private static IEnumerable<ByteImage> Crops(string file, ColourizationOptions options)
    {
        var image = ImageFile.Read(file); // a corrupt file throws, naming it
        image = image.Channels == 3 ? image : image.ToRgb();
        if (options.Downscale > 1)
        {
            image = ImageResize.Resize(image, 1.0 / options.Downscale, ResizeMethod.Bicubic);
        }

        for (int top = 0; top + Side <= image.Height; top += options.CropStride)
        {
            for (int left = 0; left + Side <= image.Width; left += options.CropStride)
            {
                var crop = new ByteImage(Side, Side, 3);
                for (int y = 0; y < Side; y++)
                {
                    image.Pixels.AsSpan(((top + y) * image.Width + left) * 3, Side * 3).CopyTo(crop.Pixels.AsSpan(y * Side * 3));
                }

                yield return crop;
            }
        }
    }
}
