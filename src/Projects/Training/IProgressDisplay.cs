namespace IlgpuNet.Training;

/// <summary>Shows how far a long loop has got: a console line, a terminal progress bar, a notebook widget.</summary>
public interface IProgressDisplay
{
    /// <param name="title">What the loop does ("table2 epoch 1/10").</param>
    /// <param name="total">Items the loop will finish.</param>
    /// <param name="body">Runs the loop; receives step(status), to call once per finished item.</param>
    void Run(string title, int total, Action<Action<string>> body);
}
