using System.Globalization;
using System.Reflection;
using System.Text.Json;
using System.Text.RegularExpressions;
using IlgpuNet.SuperResolution;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace IlgpuNet.Tests.Projects.SuperResolution;

/// <summary>
/// The README's "Using the engine" program, taken from README.md as it stands, compiled as a console program against
/// the super-resolution library and what it references (not the CLI), then run on a tiny generated test set: it must
/// list bilinear, bicubic and the shipped x3 networks with the means <c>ilgpunet sr eval --json</c> reports.
/// </summary>
[Collection(ConsoleCollection.Name)]
public partial class ReadmeProgramTests : IDisposable
{
    // what `dotnet new console` brings in through <ImplicitUsings>
    private const string ImplicitUsings = "global using System; global using System.Collections.Generic; global using System.IO; global using System.Linq; global using System.Threading; global using System.Threading.Tasks;";

    private readonly string root = Directory.CreateTempSubdirectory("ilgpunet-readme-").FullName;

    public void Dispose() => Directory.Delete(root, recursive: true);

    [Fact]
    public void ReadmeProgram_BuiltAgainstTheLibraryAlone_PrintsTheMeansOfSrEval()
    {
        string testSet = SrTestData.SelfExSrSet(Path.Combine(root, "TinySet"), scale: 3, count: 2, size: 36);
        var program = Compile(ReadmeProgram());

        var printed = Run(program, testSet).Select(line => ProgramLine().Match(line)).ToList();
        Assert.All(printed, match => Assert.True(match.Success, $"unexpected line '{match.Value}'"));

        var eval = CliRun.Invoke("sr", "eval", "--scale", "3", "--data", testSet, "--json");
        Assert.True(eval.ExitCode == 0, eval.Errors);
        using var json = JsonDocument.Parse(eval.Output);
        var means = json.RootElement.GetProperty("methods").EnumerateObject().ToList();
        Assert.Equal(["bilinear", "bicubic", "fsrcnn-l1", "fsrcnn", "srcnn"], means.Select(m => m.Name)); // the shipped x3 weights were found
        Assert.Equal(means.Select(m => m.Name), printed.Select(m => m.Groups["method"].Value));
        for (int m = 0; m < means.Count; m++)
        {
            Assert.Equal(means[m].Value.GetProperty("psnr").GetDouble(), Number(printed[m], "psnr"), 0.006);
            Assert.Equal(means[m].Value.GetProperty("ssim").GetDouble(), Number(printed[m], "ssim"), 0.00006);
        }
    }

    /// <summary>The README's C# block that uses <see cref="SuperResolutionStudy"/>.</summary>
    private static string ReadmeProgram()
    {
        string readme = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "README.md"));
        var block = CSharpBlock().Matches(readme).Select(m => m.Groups["code"].Value).SingleOrDefault(code => code.Contains("new SuperResolutionStudy()", StringComparison.Ordinal));
        return block ?? throw new InvalidDataException("README.md has no C# block that uses SuperResolutionStudy");
    }

    private static Assembly Compile(string program)
    {
        var references = AssemblyClosure.FrameworkPaths()
            .Concat(AssemblyClosure.Of(typeof(SuperResolutionStudy).Assembly).Select(a => a.Location))
            .Select(path => MetadataReference.CreateFromFile(path));
        var parse = new CSharpParseOptions(LanguageVersion.Latest);
        var compilation = CSharpCompilation.Create("ReadmeProgram",
            [CSharpSyntaxTree.ParseText(program, parse), CSharpSyntaxTree.ParseText(ImplicitUsings, parse)],
            references,
            new CSharpCompilationOptions(OutputKind.ConsoleApplication, nullableContextOptions: NullableContextOptions.Enable));
        using var image = new MemoryStream();
        var emitted = compilation.Emit(image);
        var problems = emitted.Diagnostics.Where(d => d.Severity >= DiagnosticSeverity.Warning).ToList();
        Assert.True(emitted.Success && problems.Count == 0, string.Join("\n", problems));
        return Assembly.Load(image.ToArray());
    }

    private static string[] Run(Assembly program, params string[] args)
    {
        var output = new StringWriter();
        var previous = Console.Out;
        Console.SetOut(output);
        try
        {
            program.EntryPoint!.Invoke(null, [args]);
        }
        finally
        {
            Console.SetOut(previous);
        }

        return output.ToString().TrimEnd().Split('\n').Select(line => line.TrimEnd('\r')).ToArray();
    }

    private static double Number(Match line, string group) => double.Parse(line.Groups[group].Value, CultureInfo.InvariantCulture);

    [GeneratedRegex(@"```csharp\n(?<code>.*?)```", RegexOptions.Singleline)]
    private static partial Regex CSharpBlock();

    [GeneratedRegex(@"^(?<method>\S+)\s+(?<psnr>\d+\.\d\d) dB\s+SSIM (?<ssim>-?\d\.\d{4})$")]
    private static partial Regex ProgramLine();
}
