using IlgpuNet.Data.Imaging;

namespace IlgpuNet.Tests.Projects.Cli;

/// <summary>
/// Every command given bad input as a new user gives it: each case must fail before any work with the documented exit
/// code (1 usage, 2 bad input) and one line naming the option or file and the problem. Placeholders in braces are
/// paths <see cref="BadInputFiles"/> prepares: {missing} does not exist, {empty} is an empty folder, {garbage} a folder
/// of non-images, {file} a plain file, {data} a tiny Fashion-MNIST, {images} an ImageFolder with one truncated PNG,
/// {junk} an ImageFolder of garbage .jpg files, {pth} a file that is no checkpoint, {wrapped} a training checkpoint with
/// the state dict nested, {img} a small PNG, {srset} a SelfExSR folder with only x3 pairs.
/// </summary>
[Collection(ConsoleCollection.Name)]
public sealed class BadInvocationTests(BadInputFiles files) : IClassFixture<BadInputFiles>
{
    public static TheoryData<string, int, string> Cases => new()
    {
        // usage: the command line does not parse
        { "nosuchcommand", 1, "Unrecognized command or argument 'nosuchcommand'" },
        { "quickstart --epochs abc", 1, "Cannot parse argument 'abc' for option '--epochs'" },
        { "quickstart --no-such-option", 1, "Unrecognized command or argument '--no-such-option'" },
        { "sr upscale", 1, "Required argument missing" },
        { "devices --bogus", 1, "--bogus" },

        // quickstart: a named folder is the folder used; ranges checked before any work
        { "quickstart --data {missing} --limit 256 --epochs 1 --out {out}", 2, "--data {missing}: no such folder" },
        { "quickstart --data {empty} --limit 256 --epochs 1 --out {out}", 2, "--data {empty}: the folder is empty" },
        { "quickstart --data {garbage} --limit 256 --epochs 1 --out {out}", 2, "--data {garbage}: holds no 'fashion-mnist' data set" },
        { "quickstart --batch-size 0 --out {out}", 2, "--batch-size 0: must be a whole number of at least 1" },
        { "quickstart --epochs 0 --out {out}", 2, "--epochs 0: must be a whole number of at least 1" },
        { "quickstart --epochs -3 --out {out}", 2, "--epochs -3: must be a whole number of at least 1" },
        { "quickstart --lr -0.1 --out {out}", 2, "--lr -0.1: must be a number greater than 0" },
        { "quickstart --limit 0 --out {out}", 2, "--limit 0: must be a whole number of at least 1" },
        { "quickstart --out ''", 2, "--out '': empty path" },
        { "quickstart --out {file}", 2, "--out {file}: is a file, not a folder" },
        { "quickstart --out {file}/run", 2, "--out {file}/run: cannot be created: {file} is a file" },
        { "quickstart --device tpu --out {out}", 2, "--device tpu: unknown device 'tpu'" },
        { "quickstart --resume=maybe --out {out}", 2, "--resume=maybe: the only value --resume takes is 'must'" },
        { "quickstart --data {data} --epochs 1 --resume=must --out {out}", 2, "--resume=must: no checkpoint in" },

        // cifar: --pretrained read before any training
        { "cifar --pretrained {missing}.pth --out {out}", 2, "--pretrained {missing}.pth: no such file" },
        { "cifar --pretrained {pth} --out {out}", 2, "{pth}: not a zip archive" },
        { "cifar --pretrained {wrapped} --out {out}", 2, "load the model's with --pretrained {wrapped}:state_dict" },
        { "cifar --pretrained {wrapped}:model --out {out}", 2, "no dict of tensors under 'model'" },
        { "cifar --dataset imagenet --out {out}", 2, "--dataset imagenet: must be one of fashion-mnist, cifar10" },
        { "cifar --transfer-size 8 --patience 0 --out {out}", 2, "--patience 0: must be a whole number of at least 1" },
        { "cifar --transfer-size 8 --out {out}", 2, "--transfer-size 8: must be a whole number of at least 32" },

        // composite, scene15, transfer
        { "composite --correlation 1.5 --out {out}", 2, "--correlation 1.5: must be between 0 and 1" },
        { "composite --dataset {missing} --out {out}", 2, "--dataset {missing}: no such folder" },
        { "composite --classes svhn --out {out}", 2, "--classes svhn: must be one of fashion-mnist, cifar10" },
        { "scene15 --image-size 0 --out {out}", 2, "--image-size 0: must be a whole number of at least 32" },
        { "scene15 --pretrained {missing} --out {out}", 2, "--pretrained {missing}: no such file" },
        { "scene15 --data {empty} --out {out}", 2, "--data {empty}: the folder is empty" },
        { "transfer --dataset {missing} --out {out}", 2, "--dataset {missing}: no such folder" },
        { "transfer --ensemble 0 --examples -1 --out {out}", 2, "--examples -1: must be a whole number of at least 1" },
        { "transfer --dataset {images} --data {data} --epochs 1 --out {out}", 2, "/train/b/broken.png: " },
        { "transfer --dataset {junk} --data {data} --epochs 1 --out {out}", 2, ".jpg: " },

        // colourize: every count and size positive, names from their lists, the images read (a corrupt one named) before training
        { "colourize --kernel 0 --out {out}", 2, "--kernel 0: must be a whole number of at least 1" },
        { "colourize --model resnet --out {out}", 2, "--model resnet: must be one of pool-upsample, conv-transpose, unet" },
        { "colourize --dataset imagenet --out {out}", 2, "--dataset imagenet: must be one of bsd100, cifar10" },
        { "colourize --sweep-batch-sizes 64 0 --out {out}", 2, "--sweep-batch-sizes 0: must be a whole number of at least 1" },
        { "colourize --num-colours 300 --out {out}", 2, "--num-colours 300: must be between 2 and 256" },
        { "colourize --data {garbage} --out {out}", 2, "--data {garbage}: holds no 'bsd100-hr' data set" },
        { "colourize --dataset cifar10 --data {garbage} --out {out}", 2, "--data {garbage}: holds no 'cifar10' data set" },
        { "colourize --data {images}/train/b --val-images 1 --out {out}", 2, "/train/b/broken.png: " },

        // detect: YOLO-layout folders and a detector checkpoint checked before any data is generated
        { "detect --batch-size 0 --out {out}", 2, "--batch-size 0: must be a whole number of at least 1" },
        { "detect --image-size 100 --out {out}", 2, "--image-size 100: must be a multiple of 16 from 128 to 256" },
        { "detect --dataset {empty} --out {out}", 2, "--dataset {empty}: the folder is empty" },
        { "detect --pretrained {missing} --out {out}", 2, "--pretrained {missing}: no such file" },
        { "detect --stages full,frozen --out {out}", 2, "--stages frozen: must be one of frozen-backbone, frozen-backbone-neck, full, scratch" },

        // sr: scales 2, 3 and 4; a folder given is the folder used
        { "sr train --epochs 0 --out {out}", 2, "--epochs 0: must be a whole number of at least 1" },
        { "sr train --scale 5 --out {out}", 2, "--scale 5: must be one of 2, 3, 4" },
        { "sr train --data {empty} --out {out}", 2, "--data {empty}: the folder is empty" },
        { "sr train --model edsr --out {out}", 2, "--model edsr: must be one of srcnn, fsrcnn" },
        { "sr train --test {srset} --scale 2 --out {out}", 2, "--test {srset}: no image_SRF_2/ folder" },
        { "sr eval --data {missing}", 2, "--data {missing}: no such folder" },
        { "sr eval --weights {empty}", 2, "--weights {empty}: the folder is empty" },
        { "sr eval --scale 1000", 2, "--scale 1000: must be one of 2, 3, 4" },
        { "sr upscale {img} {out}/big.png --model bicubic --scale 1000", 2, "--scale 1000: must be one of 2, 3, 4" },
        { "sr upscale {missing}.png {out}/big.png --model bicubic", 2, "input {missing}.png: no such file" },
        { "sr upscale {img} {out}/big.gif --model bicubic", 2, "output {out}/big.gif: cannot write '.gif' files" },
        { "sr upscale {img} {out}/big.png --weights {garbage}", 2, "--weights {garbage}: no x3 weights there" },

        // nerf: options in range, the scene, checkpoint and poses named must exist, before any rendering or training
        { "nerf train --scene {missing} --out {out}", 2, "--scene {missing}: no such folder" },
        { "nerf train --scene {empty} --iterations 0 --out {out}", 2, "--iterations 0: must be a whole number of at least 1" },
        { "nerf train --scene {empty} --variant tiny --out {out}", 2, "--variant must be nerf or fast, got 'tiny'" },
        { "nerf eval --checkpoint {missing}.safetensors --scene {empty}", 2, "--checkpoint {missing}.safetensors: no such file" },
        { "nerf render --checkpoint {missing}.safetensors --poses {file} --out {out}", 2, "--checkpoint {missing}.safetensors: no such file" },
        { "nerf video --checkpoint {missing}.safetensors --out {out}/orbit.avi", 2, "--out {out}/orbit.avi: cannot write '.avi' files" },
        { "nerf make-scene --size -1 --out {out}/scene", 2, "--size -1: must be a whole number of at least 8" },
        { "nerf make-scene --test 0 --out {out}/scene", 2, "--test 0: must be a whole number of at least 1" },
        { "nerf video --checkpoint {missing}.safetensors --frames 1 --out {out}/orbit.mp4", 2, "--frames 1: must be a whole number of at least 2" },

        // data
        { "data get imagenet", 2, "unknown data set 'imagenet'" },
        { "data get set5", 2, "'set5' has no canonical download" },
        { "data get mnist --data {file}", 2, "--data {file}: is a file, not a folder" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void BadInvocation_ExitsWithItsCodeAndOneLineNamingTheProblem(string commandLine, int exitCode, string fragment)
    {
        var run = CliRun.Invoke(files.Arguments(commandLine));

        Assert.True(run.ExitCode == exitCode, $"exit code {run.ExitCode}, expected {exitCode}: {run.Errors}");
        string command = commandLine.Split(' ')[0] is "sr" or "nerf" || commandLine.StartsWith("data ", StringComparison.Ordinal)
            ? string.Join(' ', commandLine.Split(' ').Take(2)) : commandLine.Split(' ')[0];
        Assert.Contains($"ilgpunet: {(exitCode == 1 && command == "nosuchcommand" ? "ilgpunet" : command)}: ", run.Errors);
        Assert.Contains(files.Expand(fragment), run.Errors);
        Assert.DoesNotContain("   at ", run.Errors); // no stack trace without --verbose
        Assert.False(Directory.Exists(files.Expand("{out}")) && Directory.EnumerateFiles(files.Expand("{out}"), "*.safetensors", SearchOption.AllDirectories).Any(),
            "bad input must fail before training writes a checkpoint");
    }

    [Fact]
    public void SeveralBadOptions_EachGetsItsOwnLine()
    {
        var run = CliRun.Invoke(files.Arguments("quickstart --epochs 0 --batch-size -1 --lr 0 --out {out}"));

        Assert.Equal(2, run.ExitCode);
        var lines = run.Errors.TrimEnd().Split('\n');
        Assert.Equal(3, lines.Length);
        Assert.All(lines, line => Assert.StartsWith("ilgpunet: quickstart: --", line));
    }

    [Fact]
    public void Verbose_AddsTheStackTrace()
    {
        var run = CliRun.Invoke(files.Arguments("sr upscale {missing}.png {out}/big.png --verbose"));

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("   at ", run.Errors);
    }

    [Fact]
    public void Resume_RefusesOptionsTheRunWasNotTrainedWith_AndSaysWhenThereIsNothingToResume()
    {
        string finished = files.Expand("{finished}");
        var first = CliRun.Invoke(files.Arguments("quickstart --data {data} --limit 64 --epochs 1 --batch-size 32 --resume --out {finished}"));
        Assert.True(first.ExitCode == 0, first.Errors);
        Assert.Contains($"--resume: no checkpoint in {finished}; starting from epoch 1", first.Output);
        string config = File.ReadAllText(Path.Combine(finished, "config.json"));

        var refused = CliRun.Invoke(files.Arguments("quickstart --data {data} --limit 64 --epochs 1 --resume --lr 0.5 --batch-size 7 --out {finished}"));

        Assert.Equal(2, refused.ExitCode);
        Assert.Contains($"ilgpunet: quickstart: --resume: {finished} was trained with --batch-size 32, not 7", refused.Errors);
        Assert.Contains($"ilgpunet: quickstart: --resume: {finished} was trained with --lr 0.001, not 0.5", refused.Errors);
        Assert.Equal(config, File.ReadAllText(Path.Combine(finished, "config.json"))); // the run still describes itself as trained

        var devices = CliRun.Invoke(files.Arguments("quickstart --data {data} --limit 64 --epochs 1 --batch-size 32 --resume --device cpu --out {finished}"));
        Assert.True(devices.ExitCode == 0, devices.Errors); // --device does not change the numbers: it may differ
    }
}
