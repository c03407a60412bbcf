namespace IlgpuNet.Training;

/// <summary>The run stopped between steps because <paramref name="signal"/> asked it to; nothing half-done was written.</summary>
public sealed class RunInterruptedException(string signal) : OperationCanceledException($"interrupted by {signal}")
{
    public string Signal { get; } = signal;
}
