using System.Text.Json;
using IlgpuNet.Benchmarks;
using IlgpuNet.Benchmarks.Compare;

namespace IlgpuNet.Tests.Benchmarks;

/// <summary>The turns `make bench-compare` has the two sides take: the child's protocol, the parent's end of it, the rounds' summary.</summary>
public class TurnTests
{
    private static JsonElement Json(string text) => JsonDocument.Parse(text).RootElement.Clone();

    private static JsonElement Round(double itemsPerSecond, double msPerStep, double cpuMsPerStep, int steps)
        => Json($$"""{"items_per_s": {{itemsPerSecond}}, "ms_per_step": {{msPerStep}}, "cpu_ms_per_step": {{cpuMsPerStep}}, "steps": {{steps}}}""");

    [Fact]
    public void FromRounds_TakesTheMedianRound_AndTheCpuTimeOverEveryStep()
    {
        JsonElement[] rounds = [Round(10, 100, 100, 1), Round(30, 33, 200, 3), Round(20, 50, 300, 2)];
        var result = StepResult.FromRounds(rounds, Json("""{"peak_rss_bytes": 2097152, "pool_peak_bytes": 1048576}"""))!;

        Assert.Equal(20, result.ItemsPerSecond);
        Assert.Equal(50, result.MillisecondsPerStep);
        Assert.Equal((100 * 1 + 200 * 3 + 300 * 2) / 6.0, result.CpuMillisecondsPerStep, 9);
        Assert.Equal(2.0, result.PeakRssMib);
        Assert.Equal(1.0, result.PoolPeakMib);
    }

    [Fact]
    public void FromRounds_IsNull_WithoutRoundsOrWithoutTheLastLine_AndPoolless_ForPyTorch()
    {
        Assert.Null(StepResult.FromRounds([], Json("""{"peak_rss_bytes": 1}""")));
        Assert.Null(StepResult.FromRounds([Round(1, 1, 1, 1)], null));
        Assert.Null(StepResult.FromRounds([Round(1, 1, 1, 1)], Json("""{"peak_rss_bytes": 1}"""))!.PoolPeakBytes);
    }

    [Fact]
    public void TakeTurns_SaysReady_AfterTheWarmUp_ThenTimesARoundPerRequest_AndEndsWithTheMemory()
    {
        int calls = 0;
        var seed = SeedModel.Custom("counting", () => () => calls++, items: 10, timedSteps: 1);
        var replies = new StringWriter();

        SeedStep.TakeTurns(seed, new StringReader("round\nend\n"), replies);

        var lines = replies.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(3, lines.Length);
        Assert.Equal("ready", lines[0]);
        var round = Json(lines[1]);
        int steps = round.GetProperty("steps").GetInt32();
        Assert.Equal(64 + steps, calls);  // a trivial step warms up for the full 64 steps
        Assert.True(steps > 1);           // a round lasts a second
        Assert.Equal(10.0, round.GetProperty("items_per_s").GetDouble() * round.GetProperty("ms_per_step").GetDouble() / 1000, 6);
        Assert.True(Json(lines[2]).GetProperty("peak_rss_bytes").GetInt64() > 0);
    }

    [Fact]
    public void TurnTaker_RelaysEachRoundOfAChildThatSpeaksTheProtocol()
    {
        var child = ChildProcess.Start("/bin/sh", ["-c",
            """echo ready; read a; echo '{"steps": 4}'; read b; echo '{"steps": 5}'; read c; echo "{\"last\": \"$c\"}" """], capture: true);

        using var taker = TurnTaker.Start(child)!;

        Assert.Equal(4, taker.Round()!.Value.GetProperty("steps").GetInt32());
        Assert.Equal(5, taker.Round()!.Value.GetProperty("steps").GetInt32());
        Assert.Equal("end", taker.End()!.Value.GetProperty("last").GetString());
    }

    [Fact]
    public void TurnTaker_IsNull_ForAChildThatFailsBeforeItIsReady_OrStopsAnswering()
    {
        Assert.Null(TurnTaker.Start(ChildProcess.Start("/bin/sh", ["-c", "echo broken >&2; exit 3"], capture: true)));
        Assert.Null(TurnTaker.Start(ChildProcess.Start("/nonexistent/python3", [], capture: true)));

        using var quitter = TurnTaker.Start(ChildProcess.Start("/bin/sh", ["-c", "echo ready; read a; exit 1"], capture: true))!;
        Assert.Null(quitter.Round());
    }
}
