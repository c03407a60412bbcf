namespace IlgpuNet.Layers;

/// <summary>Returned by the hook registrations of <see cref="Module"/>; Dispose (or Remove) unregisters the hook.</summary>
public sealed class HookHandle : IDisposable
{
    private Action? remove;

    internal HookHandle(Action remove)
    {
        this.remove = remove;
    }

    public void Remove()
    {
        remove?.Invoke();
        remove = null;
    }

    public void Dispose() => Remove();
}
