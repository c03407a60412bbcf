using System.CommandLine;
using IlgpuNet.Classification.Transfer;

namespace IlgpuNet.Cli.Commands;

/// <summary><c>ilgpunet transfer</c>: seven models on an ImageFolder data set, TTA, an ensemble, examples, saliency and Grad-CAM.</summary>
public static class TransferCommand
{
    public static Command Create()
    {
        var defaults = new TransferOptions();
        var options = new CommonOptions(defaultEpochs: 8, defaultOut: "runs/transfer", readsImageFolders: true);
        var dataset = new Option<string?>("--dataset") { Description = "ImageFolder data set with train/<class>/ and test/<class>/ (default: 15-Scene, found like any data set)" };
        var validationPerClass = new Option<int>("--val-per-class") { Description = "training images of every class held out for validation", DefaultValueFactory = _ => defaults.ValidationPerClass };
        var imageSize = new Option<int>("--image-size") { Description = "side of the square RGB inputs", DefaultValueFactory = _ => defaults.ImageSize };
        var batchSize = new Option<int>("--batch-size") { Description = "mini-batch size", DefaultValueFactory = _ => defaults.BatchSize };
        var pretrainCount = new Option<int>("--pretrain-count") { Description = "Fashion-MNIST images the ResNet18 is pretrained on (without --pretrained)", DefaultValueFactory = _ => defaults.PretrainCount };
        var pretrainEpochs = new Option<int>("--pretrain-epochs") { Description = "epochs of that pretraining", DefaultValueFactory = _ => defaults.PretrainEpochs };
        var pretrained = new Option<string?>("--pretrained") { Description = "torchvision's ImageNet ResNet18 state dict (resnet18-f37072fd.pth) instead of pretraining here" };
        var stripPrefix = CommonOptions.StripPrefix();
        var ensembleSize = new Option<int>("--ensemble") { Description = "models (best on validation) averaged by the ensemble", DefaultValueFactory = _ => defaults.EnsembleSize };
        var exampleCount = new Option<int>("--examples") { Description = "images per example grid and attribution figure", DefaultValueFactory = _ => defaults.ExampleCount };
        var command = new Command("transfer",
            $"Transfer learning on an ImageFolder data set: seven models (scratch, feature extraction, fine-tuning; optimizers, weight decay, augmentation), TTA, an ensemble, examples, confusion matrices, saliency and Grad-CAM; report.html and results.md. Default configuration: {TransferExperiment.DefaultDuration} on a 2-core CPU.");
        options.AddTo(command);
        foreach (var option in new Option[] { dataset, validationPerClass, imageSize, batchSize, pretrainCount, pretrainEpochs, pretrained, stripPrefix, ensembleSize, exampleCount })
        {
            command.Options.Add(option);
        }

        command.SetAction(result => new TransferExperiment(options.Read(result), new TransferOptions
        {
            Dataset = result.GetValue(dataset),
            ValidationPerClass = result.GetValue(validationPerClass),
            ImageSize = result.GetValue(imageSize),
            BatchSize = result.GetValue(batchSize),
            PretrainCount = result.GetValue(pretrainCount),
            PretrainEpochs = result.GetValue(pretrainEpochs),
            Pretrained = result.GetValue(pretrained),
            StripPrefix = result.GetValue(stripPrefix),
            EnsembleSize = result.GetValue(ensembleSize),
            ExampleCount = result.GetValue(exampleCount),
        }).Run());
        return command;
    }
}
