using System.Diagnostics;
using System.Text.Json;
using IlgpuNet.Benchmarks.Blas;

namespace IlgpuNet.Benchmarks.Compare;

/// <summary>
/// Runs a seed model's training step in a fresh process of each side (so peak RSS is that run's alone) with the
/// same thread count both sides (ours reads ILGPUNET_THREADS; PyTorch's OpenMP and BLAS pools the others); the
/// PyTorch side gets the OpenBLAS environment <see cref="OpenBlasEnvironment"/> decides. Each side warms up alone,
/// then the two take turns: <see cref="Rounds"/> rounds of about a second each, in the order ours, PyTorch's,
/// PyTorch's, ours, … while the other waits, so that a slow spell of the shared host falls on both sides; each side's
/// figure is its median round. Repeated runs (--repeat) start fresh processes, and each side keeps its best run.
/// </summary>
public sealed class SideBySide
{
    private static readonly string[] PythonCandidates = ["/usr/bin/python3", "python3"];

    private SideBySide(OpenBlasEnvironment blas, TorchProbe? torch, bool torchFlushesDenormals)
    {
        Blas = blas;
        Torch = torch;
        TorchFlushesDenormals = torchFlushesDenormals;
    }

    public OpenBlasEnvironment Blas { get; }

    /// <summary>What PyTorch runs on here; null when no PyTorch was found.</summary>
    public TorchProbe? Torch { get; }

    /// <summary>Whether PyTorch's steps run with subnormals flushed to zero, as ours do (PyTorch's own default keeps them).</summary>
    public bool TorchFlushesDenormals { get; }

    public static SideBySide Start(int threads, bool torchFlushesDenormals = false)
    {
        var blas = OpenBlasEnvironment.Decide();
        var torch = TorchProbe.Run(PythonCandidates, info => Prepare(info, threads, blas));
        if (torch?.Problem is { } problem)
        {
            throw new BenchmarkSetupException(problem);
        }

        return new SideBySide(blas, torch, torchFlushesDenormals);
    }

    /// <summary>Rounds each side times, taking turns.</summary>
    public const int Rounds = 6;

    /// <summary>The best of <paramref name="repeat"/> runs of each side, taking turns (null where a side failed or is absent).</summary>
    public (StepResult? Ours, StepResult? Theirs) Measure(string model, int? batch, int threads, int repeat = 1)
    {
        StepResult? ours = null, theirs = null;
        for (int i = 0; i < repeat; i++)
        {
            var (next, nextTheirs) = TakeTurns(model, batch, threads);
            ours = Faster(ours, next);
            theirs = Faster(theirs, nextTheirs);
        }

        return (ours, theirs);
    }

    private (StepResult? Ours, StepResult? Theirs) TakeTurns(string model, int? batch, int threads)
    {
        var oursInfo = ChildProcess.Self(["seed-step", model, .. BatchArgs(batch, ""), "--turns"], capture: true);
        Prepare(oursInfo, threads, null);
        using var ours = TurnTaker.Start(oursInfo);
        string[] torchArgs = [model, threads.ToString(), .. BatchArgs(batch, "--batch"), "--turns", .. TorchFlushesDenormals ? ["--flush-denormal"] : Array.Empty<string>()];
        using var theirs = Torch is null ? null : TurnTaker.Start(TorchInfo(torchArgs, threads));
        List<JsonElement> oursRounds = [], theirRounds = [];
        for (int round = 0; round < Rounds; round++)
        {
            var order = round % 2 == 0 ? new[] { (ours, oursRounds), (theirs, theirRounds) } : [(theirs, theirRounds), (ours, oursRounds)];
            foreach (var (side, rounds) in order)
            {
                if (side?.Round() is { } timed)
                {
                    rounds.Add(timed);
                }
            }
        }

        return (StepResult.FromRounds(oursRounds, ours?.End()), StepResult.FromRounds(theirRounds, theirs?.End()));
    }

    /// <summary>torch_seed_models.py with <paramref name="args"/>: the JSON line it prints (null without PyTorch, or on failure).</summary>
    public JsonElement? RunTorchJson(string[] args, int threads)
        => Torch is null ? null : RunJson(ChildProcess.Start(Torch.Python, [TorchProbe.Script, .. args], capture: true), threads, torch: true);

    private ProcessStartInfo TorchInfo(string[] args, int threads)
    {
        var info = ChildProcess.Start(Torch!.Python, [TorchProbe.Script, .. args], capture: true);
        Prepare(info, threads, Blas);
        return info;
    }

    /// <summary>Runs a child with <paramref name="threads"/> threads (and PyTorch's environment when <paramref name="torch"/>): its last line, as JSON.</summary>
    public JsonElement? RunJson(ProcessStartInfo info, int threads, bool torch)
    {
        Prepare(info, threads, torch ? Blas : null);
        var output = ChildProcess.Capture(info);
        if (output is not { Code: 0 } run)
        {
            Console.Error.WriteLine($"{info.FileName} {string.Join(' ', info.ArgumentList)} failed:\n{output?.Stderr}");
            return null;
        }

        var line = run.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Last();
        return JsonDocument.Parse(line).RootElement.Clone();
    }

    /// <summary>torch_seed_models.py with <paramref name="args"/>, its output passed through (the profile).</summary>
    public int RunTorchScript(string[] args, int threads)
    {
        if (Torch is null)
        {
            Console.Error.WriteLine("PyTorch not found: install Debian's python3-torch python3-torchvision libopenblas0-pthread");
            return 1;
        }

        var info = ChildProcess.Start(Torch.Python, [TorchProbe.Script, .. args], capture: false);
        Prepare(info, threads, Blas);
        return ChildProcess.Run(info);
    }

    private static IEnumerable<string> BatchArgs(int? batch, string flag)
        => batch is null ? [] : flag.Length > 0 ? [flag, batch.Value.ToString()] : [batch.Value.ToString()];

    private static StepResult? Faster(StepResult? best, StepResult? next)
        => best is null || (next is not null && next.ItemsPerSecond > best.ItemsPerSecond) ? next : best;

    private static void Prepare(ProcessStartInfo info, int threads, OpenBlasEnvironment? blas)
    {
        info.Environment["ILGPUNET_THREADS"] = threads.ToString();
        info.Environment["OMP_NUM_THREADS"] = threads.ToString();
        info.Environment["OPENBLAS_NUM_THREADS"] = threads.ToString();
        blas?.ApplyTo(info);
    }
}
