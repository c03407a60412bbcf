namespace IlgpuNet.Autograd;

/// <summary>
/// Whether ops record the graph on this thread. <c>using (GradMode.NoGrad()) { ... }</c> is torch.no_grad().
/// </summary>
public static class GradMode
{
    [ThreadStatic]
    private static int disabledDepth;

    public static bool IsEnabled => disabledDepth == 0;

    public static IDisposable NoGrad()
    {
        disabledDepth++;
        return new Scope();
    }

    private sealed class Scope : IDisposable
    {
        private bool disposed;

        public void Dispose()
        {
            if (!disposed)
            {
                disposed = true;
                disabledDepth--;
            }
        }
    }
}
