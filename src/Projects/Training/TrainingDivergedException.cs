namespace IlgpuNet.Training;

/// <summary>The training loss stopped being a finite number: the options (usually the learning rate) do not train this model.</summary>
public sealed class TrainingDivergedException(string message) : Exception(message);
