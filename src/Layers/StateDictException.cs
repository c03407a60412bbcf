namespace IlgpuNet.Layers;

/// <summary>Thrown by a strict <see cref="Module.LoadStateDict"/> that found problems; the model was left unchanged.</summary>
public sealed class StateDictException : Exception
{
    public StateDictException(string moduleName, LoadStateDictResult result)
        : base($"Error(s) in loading state_dict for {moduleName}:\n{result}")
    {
        Result = result;
    }

    public LoadStateDictResult Result { get; }
}
