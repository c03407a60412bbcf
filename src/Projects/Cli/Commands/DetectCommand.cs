using System.CommandLine;
using IlgpuNet.Detection;

namespace IlgpuNet.Cli.Commands;

/// <summary><c>ilgpunet detect</c>: object detection by frozen fine-tuning.</summary>
public static class DetectCommand
{
    public static Command Create()
    {
        var defaults = new DetectionOptions();
        var options = new CommonOptions(defaultEpochs: 30, defaultOut: "runs/detect");
        options.Epochs.Description = "fine-tuning epochs of every fine-tuning stage";
        var dataset = new Option<string?>("--dataset") { Description = "a YOLO-layout data set to fine-tune on (images/ and labels/ with train, val and optionally test; classes.txt) instead of the generated digits 5-9" };
        var pretrainDataset = new Option<string?>("--pretrain-dataset") { Description = "a YOLO-layout data set (train, val) to pretrain on instead of the generated Fashion-MNIST items and digits 0-4" };
        var pretrained = new Option<string?>("--pretrained") { Description = "a detector checkpoint to fine-tune (an earlier run's stages/pretrain/checkpoints/best.safetensors) instead of pretraining" };
        var pretrainEpochs = new Option<int>("--pretrain-epochs") { Description = "pretraining epochs", DefaultValueFactory = _ => defaults.PretrainEpochs };
        var pretrainTrainCount = new Option<int>("--pretrain-train-count") { Description = "generated pretraining images", DefaultValueFactory = _ => defaults.PretrainTrainCount };
        var pretrainValCount = new Option<int>("--pretrain-val-count") { Description = "generated pretraining validation images", DefaultValueFactory = _ => defaults.PretrainValCount };
        var trainCount = new Option<int>("--train-count") { Description = "generated fine-tuning images", DefaultValueFactory = _ => defaults.TrainCount };
        var valCount = new Option<int>("--val-count") { Description = "generated fine-tuning validation images", DefaultValueFactory = _ => defaults.ValCount };
        var testCount = new Option<int>("--test-count") { Description = "generated fine-tuning test images", DefaultValueFactory = _ => defaults.TestCount };
        var imageSize = new Option<int>("--image-size") { Description = "network input side (a multiple of 16, 128-256)", DefaultValueFactory = _ => defaults.ImageSize };
        var batchSize = new Option<int>("--batch-size") { Description = "mini-batch size", DefaultValueFactory = _ => defaults.BatchSize };
        var learningRate = new Option<double>("--lr") { Description = "Adam learning rate of every stage (cosine schedule over its epochs)", DefaultValueFactory = _ => defaults.LearningRate };
        var labelSmoothing = new Option<double>("--label-smoothing") { Description = "BCEcls label smoothing (targets 1 - e/2 and e/2)", DefaultValueFactory = _ => defaults.LabelSmoothing };
        var noAugment = new Option<bool>("--no-augment") { Description = "train without augmentation (random scale and shift, colour jitter)" };
        var stages = new Option<string>("--stages") { Description = $"fine-tuning stages to run, comma-separated: {string.Join(", ", DetectionOptions.AllStages)}", DefaultValueFactory = _ => string.Join(',', defaults.Stages) };
        var drawThreshold = new Option<double>("--draw-threshold") { Description = "score a detection needs to be drawn on the sample pictures", DefaultValueFactory = _ => defaults.DrawThreshold };
        var command = new Command("detect",
            $"Object detection by frozen fine-tuning: a YOLO-style detector (ResNet18 backbone) pretrained on generated scenes of Fashion-MNIST items and digits 0-4, fine-tuned on a few hundred generated scenes of the digits 5-9 with the backbone frozen, the backbone and neck frozen, nothing frozen, and from scratch; mAP, PR curves, drawn predictions, report.html and results.md. Default configuration: {DetectionExperiment.DefaultDuration} on a 2-core CPU.");
        options.AddTo(command);
        foreach (var option in new Option[] { dataset, pretrainDataset, pretrained, pretrainEpochs, pretrainTrainCount, pretrainValCount, trainCount, valCount, testCount, imageSize, batchSize, learningRate, labelSmoothing, noAugment, stages, drawThreshold })
        {
            command.Options.Add(option);
        }

        command.SetAction(result => new DetectionExperiment(options.Read(result), new DetectionOptions
        {
            Dataset = result.GetValue(dataset),
            PretrainDataset = result.GetValue(pretrainDataset),
            Pretrained = result.GetValue(pretrained),
            PretrainEpochs = result.GetValue(pretrainEpochs),
            PretrainTrainCount = result.GetValue(pretrainTrainCount),
            PretrainValCount = result.GetValue(pretrainValCount),
            TrainCount = result.GetValue(trainCount),
            ValCount = result.GetValue(valCount),
            TestCount = result.GetValue(testCount),
            ImageSize = result.GetValue(imageSize),
            BatchSize = result.GetValue(batchSize),
            LearningRate = result.GetValue(learningRate),
            LabelSmoothing = result.GetValue(labelSmoothing),
            Augment = !result.GetValue(noAugment),
            Stages = result.GetValue(stages)!.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries),
            DrawThreshold = result.GetValue(drawThreshold),
        }).Run());
        return command;
    }
}
