using System.CommandLine;
using IlgpuNet.Classification.Cifar;

namespace IlgpuNet.Cli.Commands;

/// <summary><c>ilgpunet cifar</c>: the image-classification project (baseline, improved models, transfer learning, filters).</summary>
public static class CifarCommand
{
    public static Command Create()
    {
        var defaults = new CifarOptions();
        var options = new CommonOptions(defaultEpochs: 10, defaultOut: "runs/cifar");
        var dataset = new Option<string>("--dataset") { Description = "fashion-mnist (the stand-in) or cifar10", DefaultValueFactory = _ => defaults.Dataset };
        var trainCount = new Option<int>("--train-count") { Description = "training images taken from the training split", DefaultValueFactory = _ => defaults.TrainCount };
        var validationCount = new Option<int>("--val-count") { Description = "validation images taken from the training split", DefaultValueFactory = _ => defaults.ValidationCount };
        var testCount = new Option<int?>("--test-count") { Description = "use only the first N test images (default: all)" };
        var batchSize = new Option<int>("--batch-size") { Description = "mini-batch size of the baseline and improved models", DefaultValueFactory = _ => defaults.BatchSize };
        var learningRate = new Option<double>("--lr") { Description = "Adam learning rate of the baseline and improved models", DefaultValueFactory = _ => defaults.LearningRate };
        var patience = new Option<int>("--patience") { Description = "early-stopping patience in epochs", DefaultValueFactory = _ => defaults.Patience };
        var transferSize = new Option<int>("--transfer-size") { Description = "image side for ResNet18 transfer learning (course: 224 or 112)", DefaultValueFactory = _ => defaults.TransferSize };
        var transferEpochs = new Option<int>("--transfer-epochs") { Description = "epochs of ResNet18 pretraining, fine-tuning and training from scratch", DefaultValueFactory = _ => defaults.TransferEpochs };
        var pretrainCount = new Option<int>("--pretrain-count") { Description = "images the ResNet18 is pretrained on (without --pretrained)", DefaultValueFactory = _ => defaults.PretrainCount };
        var targetTrainCount = new Option<int>("--target-train-count") { Description = "transfer-target training images (half as many validate)", DefaultValueFactory = _ => defaults.TargetTrainCount };
        var targetTestCount = new Option<int>("--target-test-count") { Description = "transfer-target test images", DefaultValueFactory = _ => defaults.TargetTestCount };
        var pretrained = new Option<string?>("--pretrained") { Description = "torchvision resnet18 state dict (resnet18-f37072fd.pth): fine-tune it on the main data set" };
        var stripPrefix = CommonOptions.StripPrefix();
        var skipTransfer = new Option<bool>("--skip-transfer") { Description = "train only the baseline and improved models" };
        var command = new Command("cifar",
            $"Image classification: Table-2 baseline with early stopping, two improved CNNs, ResNet18 transfer learning, filter study; writes report.html and results.md. Default configuration: {CifarExperiment.DefaultDuration} on a 2-core CPU.");
        options.AddTo(command);
        foreach (var option in new Option[] { dataset, trainCount, validationCount, testCount, batchSize, learningRate, patience, transferSize, transferEpochs, pretrainCount, targetTrainCount, targetTestCount, pretrained, stripPrefix, skipTransfer })
        {
            command.Options.Add(option);
        }

        command.SetAction(result => new CifarExperiment(options.Read(result), new CifarOptions
        {
            Dataset = result.GetValue(dataset)!,
            TrainCount = result.GetValue(trainCount),
            ValidationCount = result.GetValue(validationCount),
            TestCount = result.GetValue(testCount),
            BatchSize = result.GetValue(batchSize),
            LearningRate = result.GetValue(learningRate),
            Patience = result.GetValue(patience),
            TransferSize = result.GetValue(transferSize),
            TransferEpochs = result.GetValue(transferEpochs),
            PretrainCount = result.GetValue(pretrainCount),
            TargetTrainCount = result.GetValue(targetTrainCount),
            TargetTestCount = result.GetValue(targetTestCount),
            Pretrained = result.GetValue(pretrained),
            StripPrefix = result.GetValue(stripPrefix),
            SkipTransfer = result.GetValue(skipTransfer),
        }).Run());
        return command;
    }
}
