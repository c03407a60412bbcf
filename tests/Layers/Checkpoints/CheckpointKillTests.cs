using System.Diagnostics;
using IlgpuNet.Layers.Checkpoints;

namespace IlgpuNet.Tests.Layers.Checkpoints;

/// <summary>
/// A process killed with SIGKILL while it writes a checkpoint leaves the previous checkpoint whole: the child
/// (<see cref="CheckpointWriterProgram"/>) overwrites one path with epoch after epoch and is killed mid-write.
/// </summary>
public sealed class CheckpointKillTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("ilgpunet-kill-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    [Theory]
    [InlineData(0)]
    [InlineData(15)]
    [InlineData(60)]
    public void KillDuringCheckpointWrite_LeavesThePreviousCheckpointLoadable(int delayMilliseconds)
    {
        string path = Path.Combine(folder, $"killed-{delayMilliseconds}.safetensors");
        var start = new ProcessStartInfo("dotnet", [typeof(CheckpointWriterProgram).Assembly.Location, "write-checkpoints", path])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var child = Process.Start(start)!;
        int saved = 0;
        try
        {
            // wait until epoch 2 is on disk and epoch 3's write has begun, then kill it part-way through that write
            for (string? line; (line = child.StandardOutput.ReadLine()) != null && line != "saving 3";)
            {
                saved = line.StartsWith("saved ", StringComparison.Ordinal) ? int.Parse(line[6..]) : saved;
            }

            Thread.Sleep(delayMilliseconds);
        }
        finally
        {
            child.Kill(); // SIGKILL: no handler, no finally block, no flush runs in the child
            child.WaitForExit();
        }

        Assert.Equal(2, saved);
        var checkpoint = Checkpoint.Load(path);
        Assert.InRange(checkpoint.Epoch, 2, 3); // the old file, or the new one if its rename won the race: never a torn one
        Assert.All(checkpoint.Model["weight"].ToArray<float>(), v => Assert.Equal(checkpoint.Epoch, v));
        Assert.Equal(1.0 / checkpoint.Epoch, checkpoint.Metrics["loss"]);
    }
}
