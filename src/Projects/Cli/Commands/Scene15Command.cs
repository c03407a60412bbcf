using System.CommandLine;
using IlgpuNet.Classification.Scene15;

namespace IlgpuNet.Cli.Commands;

/// <summary><c>ilgpunet scene15</c>: scene recognition on 15-Scene (SimpleNet, its improvements, a deeper network, transfer learning).</summary>
public static class Scene15Command
{
    public static Command Create()
    {
        var defaults = new Scene15Options();
        var options = new CommonOptions(defaultEpochs: 30, defaultOut: "runs/scene15", readsImageFolders: true);
        var validationPerClass = new Option<int>("--val-per-class") { Description = "training images of every class held out for validation", DefaultValueFactory = _ => defaults.ValidationPerClass };
        var imageSize = new Option<int>("--image-size") { Description = "side of the square gray inputs (the course: 64)", DefaultValueFactory = _ => defaults.ImageSize };
        var batchSize = new Option<int>("--batch-size") { Description = "mini-batch size", DefaultValueFactory = _ => defaults.BatchSize };
        var simpleLearningRate = new Option<double>("--simple-lr") { Description = "Adam learning rate of SimpleNet and its variants", DefaultValueFactory = _ => defaults.SimpleLearningRate };
        var learningRate = new Option<double>("--lr") { Description = "Adam learning rate of the deeper network (cosine schedule)", DefaultValueFactory = _ => defaults.LearningRate };
        var transferEpochs = new Option<int>("--transfer-epochs") { Description = "epochs of each transfer-learning stage", DefaultValueFactory = _ => defaults.TransferEpochs };
        var transferSize = new Option<int>("--transfer-size") { Description = "image side for transfer learning (the course: 224)", DefaultValueFactory = _ => defaults.TransferSize };
        var pretrainCount = new Option<int>("--pretrain-count") { Description = "Fashion-MNIST images the ResNet18 is pretrained on (without --pretrained)", DefaultValueFactory = _ => defaults.PretrainCount };
        var pretrained = new Option<string?>("--pretrained") { Description = $"torchvision's ImageNet AlexNet state dict ({Scene15Experiment.AlexNetFile}): fine-tune its classifier" };
        var stripPrefix = CommonOptions.StripPrefix();
        var skipTransfer = new Option<bool>("--skip-transfer") { Description = "train only SimpleNet, its variants and the deeper network" };
        var command = new Command("scene15",
            $"Scene recognition on 15-Scene: SimpleNet, its improvements, a deeper CNN with batch norm, transfer learning; top-1/top-5 curves, report.html and results.md. Default configuration: {Scene15Experiment.DefaultDuration} on a 2-core CPU.");
        options.AddTo(command);
        foreach (var option in new Option[] { validationPerClass, imageSize, batchSize, simpleLearningRate, learningRate, transferEpochs, transferSize, pretrainCount, pretrained, stripPrefix, skipTransfer })
        {
            command.Options.Add(option);
        }

        command.SetAction(result => new Scene15Experiment(options.Read(result), new Scene15Options
        {
            ValidationPerClass = result.GetValue(validationPerClass),
            ImageSize = result.GetValue(imageSize),
            BatchSize = result.GetValue(batchSize),
            SimpleLearningRate = result.GetValue(simpleLearningRate),
            LearningRate = result.GetValue(learningRate),
            TransferEpochs = result.GetValue(transferEpochs),
            TransferSize = result.GetValue(transferSize),
            PretrainCount = result.GetValue(pretrainCount),
            Pretrained = result.GetValue(pretrained),
            StripPrefix = result.GetValue(stripPrefix),
            SkipTransfer = result.GetValue(skipTransfer),
        }).Run());
        return command;
    }
}
