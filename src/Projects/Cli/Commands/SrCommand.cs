using System.CommandLine;
using System.Text.Json;
using IlgpuNet.SuperResolution;
using IlgpuNet.Training;
using Spectre.Console;

namespace IlgpuNet.Cli.Commands;

/// <summary><c>ilgpunet sr train | eval | upscale</c>: single-image super-resolution with SRCNN and FSRCNN.</summary>
public static class SrCommand
{
    public static Command Create()
    {
        var command = new Command("sr", "Single-image super-resolution: train SRCNN/FSRCNN, evaluate against bilinear and bicubic, upscale images.");
        command.Subcommands.Add(Train());
        command.Subcommands.Add(Eval());
        command.Subcommands.Add(Upscale());
        return command;
    }

    private static Option<int> ScaleOption() => new("--scale") { Description = "upscaling factor", DefaultValueFactory = _ => 3 };

    private static Option<string> DeviceOption() => new("--device")
    {
        Description = "cpu, ilgpu-cpu, cuda[:N] or opencl[:N] (default: $ILGPUNET_DEVICE, else cpu)",
        DefaultValueFactory = _ => Environment.GetEnvironmentVariable("ILGPUNET_DEVICE") ?? "cpu",
    };

    private static Option<string[]> WeightsOption() => new("--weights")
    {
        Description = "weights file or folder of *.safetensors (repeatable; default: the shipped weights/sr)",
        AllowMultipleArgumentsPerToken = true,
        DefaultValueFactory = _ => [],
    };

    private static Command Train()
    {
        var options = new CommonOptions(defaultEpochs: 20, defaultOut: "runs/sr");
        var model = new Option<string>("--model") { Description = "srcnn or fsrcnn", DefaultValueFactory = _ => "fsrcnn" };
        var scale = ScaleOption();
        var loss = new Option<string>("--loss") { Description = "mse (L2) or l1", DefaultValueFactory = _ => "mse" };
        var optimizer = new Option<string>("--optimizer") { Description = "adam or sgd (momentum 0.9)", DefaultValueFactory = _ => "adam" };
        var lr = new Option<double?>("--lr") { Description = "learning rate (default 1e-3; with SGD 1e-4 for SRCNN)" };
        var batch = new Option<int>("--batch-size") { Description = "patches per step", DefaultValueFactory = _ => 64 };
        var patches = new Option<int>("--patches-per-epoch") { Description = "patches drawn per epoch", DefaultValueFactory = _ => 32768 };
        var patch = new Option<int?>("--patch") { Description = "patch side: SRCNN input (33), FSRCNN LR sub-image (10/7/6 for x2/x3/x4)" };
        var validation = new Option<int>("--val-images") { Description = "last images of the folder held out for validation", DefaultValueFactory = _ => 10 };
        var decay = new Option<double>("--decay-at") { Description = "fraction of the epochs after which lr is divided by 10 (1 = never)", DefaultValueFactory = _ => 0.8 };
        var outputLr = new Option<double?>("--output-lr-factor") { Description = "learning-rate factor of the reconstruction layer (default: 1 with Adam, the papers' 0.1 with SGD)" };
        var name = new Option<string?>("--name") { Description = "name of the model in reports and weights (default: the architecture)" };
        var test = new Option<string[]>("--test")
        {
            Description = "SelfExSR-layout test set folder, repeatable (default: Set5 and Set14 where found)",
            AllowMultipleArgumentsPerToken = true,
            DefaultValueFactory = _ => [],
        };
        var train = new Command("train", "Train SRCNN or FSRCNN on Y patches (FSRCNN §4.1 augmentation), validate each epoch, evaluate on Set5/Set14, write report.html.");
        options.AddTo(train);
        foreach (var option in new Option[] { model, scale, loss, optimizer, lr, batch, patches, patch, validation, decay, outputLr, name, test })
        {
            train.Options.Add(option);
        }

        train.SetAction(result =>
        {
            var settings = options.Read(result);
            var trainOptions = new SrTrainOptions(result.GetValue(model)!, result.GetValue(scale), result.GetValue(loss)!, result.GetValue(optimizer)!,
                result.GetValue(lr), result.GetValue(batch), result.GetValue(patches), result.GetValue(patch), result.GetValue(validation),
                result.GetValue(decay), result.GetValue(outputLr), result.GetValue(name), result.GetValue(test) ?? []);
            return new SuperResolutionStudy().Train(settings, trainOptions);
        });
        return train;
    }

    private static Command Eval()
    {
        var scale = ScaleOption();
        var data = new Option<string?>("--data") { Description = "SelfExSR-layout folder holding image_SRF_<scale>/ (default: Set5)" };
        var weights = WeightsOption();
        var json = new Option<bool>("--json") { Description = "print the results as JSON" };
        var markdown = new Option<bool>("--markdown") { Description = "print per-image tables as Markdown" };
        var output = new Option<string?>("--out") { Description = "also write a report folder with tables and comparison figures" };
        var device = DeviceOption();
        var eval = new Command("eval", "PSNR/SSIM on Y of bilinear, bicubic and the trained networks on a test set, from its LR images as given.");
        foreach (var option in new Option[] { scale, data, weights, json, markdown, output, device })
        {
            eval.Options.Add(option);
        }

        eval.SetAction(result =>
        {
            var target = CommonOptions.ParseDevice(result.GetValue(device)!);
            var evalOptions = new SrEvalOptions
            {
                Data = result.GetValue(data),
                Scale = result.GetValue(scale),
                Weights = result.GetValue(weights) ?? [],
                Device = target,
            };
            var check = evalOptions.AddRulesTo(new OptionCheck());
            if (result.GetValue(output) is { } reportFolder)
            {
                check.OutputFolder("--out", reportFolder);
            }

            check.ThrowIfAny();
            TrainingDevice.Require(target);
            var evaluation = new SuperResolutionStudy().Evaluate(evalOptions);
            bool table = !result.GetValue(json) && !result.GetValue(markdown);
            if (result.GetValue(json))
            {
                Console.WriteLine(evaluation.ToJson().ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
            }
            else if (result.GetValue(markdown))
            {
                Console.Write(evaluation.ToMarkdown());
            }
            else
            {
                PrintTable(evaluation.Evaluation);
            }

            if (result.GetValue(output) is { } outDirectory)
            {
                string folder = evaluation.WriteReport(outDirectory, "ilgpunet " + string.Join(' ', result.Tokens.Select(t => t.Value)));
                if (table)
                {
                    Console.WriteLine(folder);
                }
            }

            return 0;
        });
        return eval;
    }

    private static Command Upscale()
    {
        var input = new Argument<string>("input") { Description = "low-resolution image (PNG, JPEG, BMP, PNM)" };
        var output = new Argument<string>("output") { Description = "where to write the result (.png or .jpg)" };
        var scale = ScaleOption();
        var model = new Option<string?>("--model") { Description = "network name (e.g. fsrcnn, srcnn), or bicubic/bilinear (default: the shipped network with the best validation PSNR)" };
        var weights = WeightsOption();
        var device = DeviceOption();
        var upscale = new Command("upscale", "Enlarge an image in colour: Y by a trained network, Cb/Cr bicubically.");
        upscale.Arguments.Add(input);
        upscale.Arguments.Add(output);
        foreach (var option in new Option[] { scale, model, weights, device })
        {
            upscale.Options.Add(option);
        }

        upscale.SetAction(result =>
        {
            var target = CommonOptions.ParseDevice(result.GetValue(device)!);
            TrainingDevice.Require(target);
            var upscaled = new SuperResolutionStudy().Upscale(new SrUpscaleOptions(result.GetValue(input)!, result.GetValue(output)!)
            {
                Scale = result.GetValue(scale),
                Model = result.GetValue(model),
                Weights = result.GetValue(weights) ?? [],
                Device = target,
            });
            Console.Error.WriteLine(upscaled);
            Console.WriteLine(upscaled.OutputPath);
            return 0;
        });
        return upscale;
    }

    private static void PrintTable(SrEvaluation evaluation)
    {
        var table = new Table().Title($"{evaluation.Name} x{evaluation.Pairs[0].Scale}: Y PSNR (dB) / SSIM");
        table.AddColumn("image");
        foreach (var method in evaluation.Methods)
        {
            table.AddColumn(new TableColumn(method).RightAligned());
        }

        for (int i = 0; i < evaluation.Pairs.Count; i++)
        {
            table.AddRow([evaluation.Pairs[i].Name, .. Enumerable.Range(0, evaluation.Methods.Count).Select(m => $"{evaluation[i, m].Psnr:F2} / {evaluation[i, m].Ssim:F4}")]);
        }

        table.AddRow(["[bold]mean[/]", .. Enumerable.Range(0, evaluation.Methods.Count).Select(m => $"[bold]{evaluation.Mean(m).Psnr:F2} / {evaluation.Mean(m).Ssim:F4}[/]")]);
        AnsiConsole.Write(table);
    }
}
