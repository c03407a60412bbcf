using System.CommandLine;
using IlgpuNet.Composite;

namespace IlgpuNet.Cli.Commands;

/// <summary><c>ilgpunet composite</c>: learning without the shortcut on composite (class image + digit) images.</summary>
public static class CompositeCommand
{
    public static Command Create()
    {
        var defaults = new CompositeOptions();
        var options = new CommonOptions(defaultEpochs: 5, defaultOut: "runs/composite", readsImageFolders: true);
        var classSource = new Option<string>("--classes") { Description = "class images of a generated data set: fashion-mnist (the stand-in) or cifar10", DefaultValueFactory = _ => defaults.ClassSource };
        var dataset = new Option<string?>("--dataset") { Description = "an existing ImageFolder composite data set (train/, val/, test/) instead of generating one" };
        var trainCount = new Option<int>("--train-count") { Description = "generated training images", DefaultValueFactory = _ => defaults.TrainCount };
        var validationCount = new Option<int>("--val-count") { Description = "generated validation images", DefaultValueFactory = _ => defaults.ValidationCount };
        var testCount = new Option<int>("--test-count") { Description = "generated test images", DefaultValueFactory = _ => defaults.TestCount };
        var correlation = new Option<double>("--correlation") { Description = "fraction of training images whose digit is their class", DefaultValueFactory = _ => defaults.Correlation };
        var batchSize = new Option<int>("--batch-size") { Description = "mini-batch size", DefaultValueFactory = _ => defaults.BatchSize };
        var learningRate = new Option<double>("--lr") { Description = "Adam learning rate (cosine schedule over the epochs)", DefaultValueFactory = _ => defaults.LearningRate };
        var skipNaive = new Option<bool>("--skip-naive") { Description = "train only the robust model" };
        var command = new Command("composite",
            $"Learning without the shortcut: Table 1's CNN on composite images, naive against robust, filters and activation norms; writes predictions.txt, the checkpoint, report.html and results.md. Default configuration: {CompositeExperiment.DefaultDuration} on a 2-core CPU.");
        options.AddTo(command);
        foreach (var option in new Option[] { classSource, dataset, trainCount, validationCount, testCount, correlation, batchSize, learningRate, skipNaive })
        {
            command.Options.Add(option);
        }

        command.SetAction(result => new CompositeExperiment(options.Read(result), new CompositeOptions
        {
            ClassSource = result.GetValue(classSource)!,
            Dataset = result.GetValue(dataset),
            TrainCount = result.GetValue(trainCount),
            ValidationCount = result.GetValue(validationCount),
            TestCount = result.GetValue(testCount),
            Correlation = result.GetValue(correlation),
            BatchSize = result.GetValue(batchSize),
            LearningRate = result.GetValue(learningRate),
            SkipNaive = result.GetValue(skipNaive),
        }).Run());
        return command;
    }
}
