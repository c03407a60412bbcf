using System.Diagnostics;
using System.Text;

namespace IlgpuNet.Autograd;

/// <summary>
/// Wall-clock time per op, like torch.profiler's key averages: while a <see cref="Record"/> scope is open, leaf
/// modules time their forward (by module type) and the backward engine times each node (by grad_fn name).
/// Callers add their own regions (an optimizer step, data loading) with <see cref="Measure"/>.
/// Recording is per thread; the cost when off is one thread-static read.
/// </summary>
public static class Profiler
{
    [ThreadStatic]
    private static Dictionary<(string Phase, string Name), Entry>? current;

    public static bool IsRecording => current != null;

    /// <summary>Starts recording on this thread; dispose the result to stop. Recording scopes do not nest.</summary>
    public static Session Record()
    {
        if (current != null)
        {
            throw new InvalidOperationException("profiler: a recording is already open on this thread");
        }

        current = [];
        return new Session(current);
    }

    /// <summary>Times the enclosed region under (phase, name) when recording; a no-op otherwise.</summary>
    public static Region Measure(string phase, string name) => new(current == null ? null : (phase, name));

    public readonly struct Region : IDisposable
    {
        private readonly (string Phase, string Name)? key;
        private readonly long start;

        internal Region((string Phase, string Name)? key)
        {
            this.key = key;
            start = key == null ? 0 : Stopwatch.GetTimestamp();
        }

        public void Dispose()
        {
            if (key is { } k && current is { } table)
            {
                var elapsed = Stopwatch.GetElapsedTime(start);
                var entry = table.GetValueOrDefault(k);
                table[k] = new Entry(entry.Calls + 1, entry.Time + elapsed);
            }
        }
    }

    public readonly record struct Entry(int Calls, TimeSpan Time);

    /// <summary>One recording: its table of (phase, name) → calls and total time.</summary>
    public sealed class Session(Dictionary<(string Phase, string Name), Entry> table) : IDisposable
    {
        public IReadOnlyDictionary<(string Phase, string Name), Entry> Entries => table;

        public TimeSpan Total => table.Values.Aggregate(TimeSpan.Zero, (sum, e) => sum + e.Time);

        /// <summary>Rows sorted by total time: phase, name, calls, total ms, share of the recorded total.</summary>
        public string Format(int steps = 1)
        {
            var total = Total.TotalMilliseconds;
            var text = new StringBuilder();
            text.AppendLine($"{"phase",-10} {"op",-32} {"calls",7} {"ms/step",10} {"share",7}");
            foreach (var ((phase, name), entry) in table.OrderByDescending(e => e.Value.Time))
            {
                double ms = entry.Time.TotalMilliseconds;
                text.AppendLine($"{phase,-10} {name,-32} {entry.Calls / steps,7} {ms / steps,10:F2} {ms / total,7:P1}");
            }

            text.AppendLine($"{"total",-10} {"",-32} {"",7} {total / steps,10:F2}");
            return text.ToString();
        }

        public void Dispose() => current = null;
    }
}
