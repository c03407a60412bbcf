namespace IlgpuNet.Training;

/// <summary>Progress as plain console lines, one every 10% of the items (logs, redirected output, library use).</summary>
public sealed class TextProgress : IProgressDisplay
{
    public void Run(string title, int total, Action<Action<string>> body)
    {
        int done = 0, nextReport = Math.Max(1, total / 10);
        body(status =>
        {
            if (++done % nextReport == 0 || done == total)
            {
                Console.WriteLine($"{title}: {done}/{total} {status}");
            }
        });
    }
}
