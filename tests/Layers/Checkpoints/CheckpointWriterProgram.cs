using IlgpuNet.Layers.Checkpoints;
using IlgpuNet.Tensors;

namespace IlgpuNet.Tests.Layers.Checkpoints;

/// <summary>
/// The test assembly's entry point, for the child process of <see cref="CheckpointKillTests"/>:
/// <c>dotnet IlgpuNet.Tests.Layers.dll write-checkpoints PATH</c> saves epoch 1, 2, 3, ... to PATH without end, each a
/// 32 MB tensor filled with its epoch, printing "saving N" before and "saved N" after each write.
/// </summary>
public static class CheckpointWriterProgram
{
    public static int Main(string[] args)
    {
        if (args is not ["write-checkpoints", var path])
        {
            Console.Error.WriteLine("usage: write-checkpoints PATH");
            return 1;
        }

        for (int epoch = 1; ; epoch++)
        {
            var weights = new Dictionary<string, Tensor> { ["weight"] = Tensor.Full([8 << 20], epoch) };
            Console.WriteLine($"saving {epoch}");
            Checkpoint.Save(path, new TrainingCheckpoint(weights, null, null, epoch, new Dictionary<string, double> { ["loss"] = 1.0 / epoch }));
            Console.WriteLine($"saved {epoch}");
        }
    }
}
