using System.CommandLine;
using IlgpuNet.Classification.Quickstart;

namespace IlgpuNet.Cli.Commands;

/// <summary><c>ilgpunet quickstart</c>: the Table-2 baseline CNN on Fashion-MNIST, with its report.</summary>
public static class QuickstartCommand
{
    public static Command Create()
    {
        var defaults = new QuickstartOptions();
        var options = new CommonOptions(defaultEpochs: 2, defaultOut: "runs/quickstart");
        var batchSize = new Option<int>("--batch-size") { Description = "mini-batch size", DefaultValueFactory = _ => defaults.BatchSize };
        var learningRate = new Option<double>("--lr") { Description = "Adam learning rate", DefaultValueFactory = _ => defaults.LearningRate };
        var limit = new Option<int?>("--limit") { Description = "train on N of the training images, chosen by the seed (smoke runs)" };
        var evalLimit = new Option<int?>("--eval-limit")
        {
            Description = "score on at most N validation images (chosen by the seed) and the first N test images (slow devices, smoke runs)",
        };
        var command = new Command("quickstart",
            "Train the course's Table-2 CNN (conv 5x5 32/64/128 + max-pool, FC 64, FC 10) on Fashion-MNIST and write report.html.");
        options.AddTo(command);
        command.Options.Add(batchSize);
        command.Options.Add(learningRate);
        command.Options.Add(limit);
        command.Options.Add(evalLimit);
        command.SetAction(result => new QuickstartExperiment(options.Read(result), new QuickstartOptions
        {
            BatchSize = result.GetValue(batchSize),
            LearningRate = result.GetValue(learningRate),
            Limit = result.GetValue(limit),
            EvalLimit = result.GetValue(evalLimit),
        }).Run());
        return command;
    }
}
