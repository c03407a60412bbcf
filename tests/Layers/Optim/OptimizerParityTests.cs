using System.Text.Json.Nodes;
using IlgpuNet.Kernels;
using IlgpuNet.Layers.Optim;
using IlgpuNet.Tensors;
using IlgpuNet.Tests.Layers.Checkpoints;

namespace IlgpuNet.Tests.Layers.Optim;

/// <summary>Three steps of each optimizer config against PyTorch 1.13 (tests/fixtures/make_optim_fixtures.py).</summary>
public class OptimizerParityTests
{
    private static readonly JsonObject Fixture = JsonNode.Parse(File.ReadAllText(FixturePath.Of("optim", "optimizers.json")))!.AsObject();

    public static TheoryData<string, string> Configs()
    {
        var data = new TheoryData<string, string>();
        foreach (var config in Fixture["configs"]!.AsArray())
        {
            data.Add(config!["name"]!.GetValue<string>(), config["dtype"]!.GetValue<string>());
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Configs))]
    public void ThreeSteps_MatchPyTorch(string name, string dtypeName)
    {
        var config = Fixture["configs"]!.AsArray().Single(c => c!["name"]!.GetValue<string>() == name && c["dtype"]!.GetValue<string>() == dtypeName)!;
        var dtype = dtypeName == "float64" ? DType.Float64 : DType.Float32;
        var shapes = Fixture["shapes"]!.AsArray().Select(s => s!.AsArray().Select(d => d!.GetValue<int>()).ToArray()).ToArray();
        var parameters = shapes.Select((shape, i) => Tensor.FromArray(Doubles(Fixture["initial"]![i]!), shape).To(dtype)).ToList();
        foreach (var p in parameters)
        {
            p.RequiresGrad = true;
        }

        var optimizer = Create(config["optimizer"]!.GetValue<string>(), config["options"]!.AsObject(), parameters);
        const double tolerance = 1e-6; // relative, float32 runs included
        for (int step = 0; step < 3; step++)
        {
            for (int i = 0; i < parameters.Count; i++)
            {
                parameters[i].Grad = Tensor.FromArray(Doubles(Fixture["grads"]![step]![i]!), shapes[i]).To(dtype);
            }

            optimizer.Step();
            for (int i = 0; i < parameters.Count; i++)
            {
                AssertClose(Doubles(config["expected"]![step]![i]!), parameters[i].ToDoubleArray(), tolerance, $"{name} {dtypeName} step {step + 1} param {i}");
            }
        }
    }

    internal static Optimizer Create(string kind, JsonObject options, IEnumerable<Tensor> parameters)
    {
        double Get(string key, double fallback) => options[key]?.GetValue<double>() ?? fallback;
        bool Flag(string key) => options[key]?.GetValue<bool>() ?? false;
        var betas = options["betas"]?.AsArray().Select(b => b!.GetValue<double>()).ToArray() ?? [0.9, 0.999];
        return kind switch
        {
            "SGD" => new Sgd(parameters, Get("lr", 0), Get("momentum", 0), Get("dampening", 0), Get("weight_decay", 0), Flag("nesterov")),
            "Adam" => new Adam(parameters, Get("lr", 1e-3), betas[0], betas[1], Get("eps", 1e-8), Get("weight_decay", 0), Flag("amsgrad")),
            "AdamW" => new AdamW(parameters, Get("lr", 1e-3), betas[0], betas[1], Get("eps", 1e-8), Get("weight_decay", 1e-2), Flag("amsgrad")),
            "RMSprop" => new RmsProp(parameters, Get("lr", 1e-2), Get("alpha", 0.99), Get("eps", 1e-8), Get("weight_decay", 0), Get("momentum", 0), Flag("centered")),
            _ => throw new ArgumentException(kind),
        };
    }

    internal static double[] Doubles(JsonNode node) => node.AsArray().Select(v => v!.GetValue<double>()).ToArray();

    internal static void AssertClose(double[] expected, double[] actual, double relative, string what, double absolute = 1e-12)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
        {
            double allowed = relative * Math.Abs(expected[i]) + absolute;
            Assert.True(Math.Abs(expected[i] - actual[i]) <= allowed, $"{what}[{i}]: expected {expected[i]:R}, got {actual[i]:R}");
        }
    }
}
