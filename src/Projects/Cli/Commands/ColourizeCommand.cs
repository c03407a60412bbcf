using System.CommandLine;
using IlgpuNet.Colourization;

namespace IlgpuNet.Cli.Commands;

/// <summary><c>ilgpunet colourize</c>: colourization as classification with PoolUpsampleNet, ConvTransposeNet and UNet.</summary>
public static class ColourizeCommand
{
    public static Command Create()
    {
        var defaults = new ColourizationOptions();
        var options = new CommonOptions(defaultEpochs: 25, defaultOut: "runs/colourize");
        var models = new Option<string[]>("--model") { Description = $"networks to train: {string.Join(", ", ColourNetworks.Names)} (repeat the option; default all three)", DefaultValueFactory = _ => [.. defaults.Models], AllowMultipleArgumentsPerToken = true };
        var kernel = new Option<int>("--kernel") { Description = "kernel size of every convolution", DefaultValueFactory = _ => defaults.Kernel };
        var numFilters = new Option<int>("--num-filters") { Description = "NF: filters of the first layer", DefaultValueFactory = _ => defaults.NumFilters };
        var numColours = new Option<int>("--num-colours") { Description = "NC: colour classes (the k of the k-means)", DefaultValueFactory = _ => defaults.NumColours };
        var dilation = new Option<int>("--dilation") { Description = "dilation of every kernel-sized convolution", DefaultValueFactory = _ => defaults.Dilation };
        var batchSize = new Option<int>("--batch-size") { Description = "mini-batch size of the three networks", DefaultValueFactory = _ => defaults.BatchSize };
        var learningRate = new Option<double>("--lr") { Description = "Adam learning rate", DefaultValueFactory = _ => defaults.LearningRate };
        var sweep = new Option<int[]>("--sweep-batch-sizes") { Description = "ConvTransposeNet batch-size sweep (space-separated; --no-sweep skips it)", DefaultValueFactory = _ => [.. defaults.SweepBatchSizes], AllowMultipleArgumentsPerToken = true };
        var noSweep = new Option<bool>("--no-sweep") { Description = "skip the batch-size sweep" };
        var dataset = new Option<string>("--dataset") { Description = $"{ColourizationOptions.StandIn} (crops of the B100 images, the stand-in) or {ColourizationOptions.Cifar10} (binary or python version, found through --data)", DefaultValueFactory = _ => defaults.Dataset };
        var cifarClass = new Option<string>("--cifar-class") { Description = "CIFAR-10 class to train on, or all", DefaultValueFactory = _ => defaults.CifarClass };
        var validationImages = new Option<int>("--val-images") { Description = "stand-in: source images held out for validation", DefaultValueFactory = _ => defaults.ValidationImages };
        var downscale = new Option<int>("--downscale") { Description = "stand-in: shrink each source image by this factor before cropping", DefaultValueFactory = _ => defaults.Downscale };
        var cropStride = new Option<int>("--crop-stride") { Description = "stand-in: pixels between 32×32 crops", DefaultValueFactory = _ => defaults.CropStride };
        var kmeansPixels = new Option<int>("--kmeans-pixels") { Description = "training pixels drawn for the k-means", DefaultValueFactory = _ => defaults.KMeansPixels };
        var command = new Command("colourize",
            $"Colourization as classification: k-means colour classes, PoolUpsampleNet, ConvTransposeNet and UNet, a batch-size sweep, kernel paddings and PoolUpsampleNet's weights/outputs/connections; writes report.html and results.md. Default configuration: {ColourizationExperiment.DefaultDuration} on a 2-core CPU.");
        options.AddTo(command);
        foreach (var option in new Option[] { models, kernel, numFilters, numColours, dilation, batchSize, learningRate, sweep, noSweep, dataset, cifarClass, validationImages, downscale, cropStride, kmeansPixels })
        {
            command.Options.Add(option);
        }

        command.SetAction(result => new ColourizationExperiment(options.Read(result), new ColourizationOptions
        {
            Models = result.GetValue(models)!,
            Kernel = result.GetValue(kernel),
            NumFilters = result.GetValue(numFilters),
            NumColours = result.GetValue(numColours),
            Dilation = result.GetValue(dilation),
            BatchSize = result.GetValue(batchSize),
            LearningRate = result.GetValue(learningRate),
            SweepBatchSizes = result.GetValue(noSweep) ? [] : result.GetValue(sweep)!,
            Dataset = result.GetValue(dataset)!,
            CifarClass = result.GetValue(cifarClass)!,
            ValidationImages = result.GetValue(validationImages),
            Downscale = result.GetValue(downscale),
            CropStride = result.GetValue(cropStride),
            KMeansPixels = result.GetValue(kmeansPixels),
        }).Run());
        return command;
    }
}
