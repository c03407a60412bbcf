using IlgpuNet.Benchmarks.Compare;

namespace IlgpuNet.Tests.Benchmarks;

public class NerfStepTests
{
    [Fact]
    public void CompareRows_PutTheNerfStepsBesideTheNerfMlp_AndLeaveTheModuleListAsItWas()
    {
        var rows = CompareRows.Names.ToList();
        int mlp = rows.IndexOf("nerf");
        Assert.Equal(["nerf", "nerf-full", "nerf-fast"], rows.GetRange(mlp, 3));
        Assert.Equal(SeedModels.Names.Count + 2, rows.Count);
        Assert.DoesNotContain("nerf-full", SeedModels.Names);  // the device suite and the scaling sweep build modules
    }

    [Fact]
    public void TorchScript_DefinesEveryCompareRow()
    {
        string script = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Compare", "torch_seed_models.py"));
        foreach (var name in CompareRows.Names)
        {
            Assert.Contains($"\"{name}\": ", script);
        }
    }

    [Theory]
    [InlineData("nerf-full", 1024)]
    [InlineData("nerf-fast", 4096)]
    public void RayStep_CountsRays_AndTakesAGivenBatch(string name, int defaultRays)
    {
        Assert.Equal(defaultRays, CompareRows.Find(name).Items);
        var small = CompareRows.Find(name, 8);
        Assert.Equal(8, small.Items);
        var step = small.CreateStep();
        step();
        step();
    }
}
