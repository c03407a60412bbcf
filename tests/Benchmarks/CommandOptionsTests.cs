using IlgpuNet.Benchmarks;

namespace IlgpuNet.Tests.Benchmarks;

public class CommandOptionsTests
{
    [Fact]
    public void Parse_SeparatesValuedOptionsFlagsAndPositionals()
    {
        var options = CommandOptions.Parse(["yolo", "--repeat", "3", "--turns", "8"], ["--repeat"], ["--turns"]);

        Assert.Equal(["yolo", "8"], options.Positional);
        Assert.Equal(3, options.Int("--repeat"));
        Assert.True(options.Flag("--turns"));
        Assert.False(options.Flag("--other"));
        Assert.Equal("yolo", options.RequiredAt(0, "MODEL"));
        Assert.Equal(8, options.PositiveAt(1, "steps", 64));
        Assert.Equal(64, options.PositiveAt(2, "steps", 64));
    }

    [Theory]
    [InlineData(new[] { "--turns" }, "unknown option --turns; known: --repeat")]
    [InlineData(new[] { "--repeat" }, "--repeat needs a value")]
    public void Parse_RefusesAnUnknownOptionOrAMissingValue(string[] args, string message)
        => Assert.Equal(message, Assert.Throws<ArgumentException>(() => CommandOptions.Parse(args, ["--repeat"])).Message);

    [Fact]
    public void Parse_SaysACommandWithoutOptionsTakesNone()
        => Assert.Equal("unknown option --steps; this command takes none",
            Assert.Throws<ArgumentException>(() => CommandOptions.Parse(["yolo", "--steps"], [])).Message);

    [Theory]
    [InlineData("0")]
    [InlineData("-3")]
    [InlineData("abc")]
    public void PositiveAt_RefusesWhatIsNotAPositiveInteger_NamingIt(string text)
        => Assert.Equal($"steps must be a positive integer, got '{text}'",
            Assert.Throws<ArgumentException>(() => CommandOptions.Parse(["yolo", text], []).PositiveAt(1, "steps", 64)).Message);

    [Fact]
    public void RequiredAt_NamesWhatIsMissing()
        => Assert.Equal("missing MODEL", Assert.Throws<ArgumentException>(() => CommandOptions.Parse([], []).RequiredAt(0, "MODEL")).Message);
}
