using ILGPU;
using ILGPU.Backends;
using ILGPU.Backends.EntryPoints;
using ILGPU.Backends.OpenCL;
using ILGPU.Backends.PTX;
using ILGPU.Runtime;
using ILGPU.Runtime.Cuda;
using ILGPU.Runtime.OpenCL;
using IlgpuNet.Kernels;
using IlgpuNet.Kernels.Ilgpu;

namespace IlgpuNet.Tests.Device;

/// <summary>
/// Every kernel of <see cref="KernelRegistry"/> compiles with ILGPU's own backends, which need no GPU and no driver:
/// PTX for the three NVIDIA generations the project targets and OpenCL C 2.0. A kernel that does not compile fails
/// here by name, long before anyone runs it on a card.
/// </summary>
public sealed class KernelCompileTests : IDisposable
{
    private readonly Context context = Context.Create(builder => builder.Optimize(OptimizationLevel.O1).EnableAlgorithms());

    public static TheoryData<string> Targets() => new("sm_70", "sm_80", "sm_90", "opencl");

    public void Dispose() => context.Dispose();

    [Theory]
    [MemberData(nameof(Targets))]
    public void EveryKernel_Compiles(string target)
    {
        using var backend = Backend(target);
        var failures = new List<string>();
        foreach (var kernel in KernelRegistry.All)
        {
            try
            {
                backend.Compile(EntryPointDescription.FromExplicitlyGroupedKernel(kernel), KernelSpecialization.Empty);
            }
            catch (Exception e)
            {
                failures.Add($"{KernelRegistry.NameOf(kernel)}: {e.GetType().Name}: {e.Message} {e.InnerException?.Message}");
            }
        }

        Assert.True(failures.Count == 0, $"{failures.Count} of {KernelRegistry.All.Count} kernels do not compile for {target}:\n" + string.Join("\n", failures));
    }

    [Fact]
    public void Registry_HoldsEveryFunctionOfEveryOpCode_AndEveryConversion()
    {
        var names = KernelRegistry.All.Select(KernelRegistry.NameOf).ToHashSet();
        Assert.All(Enum.GetNames<UnaryOp>(), op => Assert.Contains($"ElementwiseKernels.Unary<{op}>", names));
        Assert.All(Enum.GetNames<BinaryOp>(), op => Assert.Contains($"ElementwiseKernels.Binary<{op}>", names));
        Assert.All(Enum.GetNames<CompareOp>(), op => Assert.Contains($"ElementwiseKernels.Compare<{op}>", names));
        // float, long, int, byte as uint8 and as bool: 5 codecs, each to each
        Assert.Equal(25, names.Count(n => n.StartsWith("ElementwiseKernels.Convert<", StringComparison.Ordinal)));
        Assert.Contains("GemmKernels.Sgemm", names);
        Assert.Contains("VolumeRenderKernels.Backward", names);
        // generic-math kernels in float32 and float64, each with its own DeviceReal and no other
        Assert.All(new[] { "Forward", "BackwardTable", "BackwardPositions" }, kernel =>
        {
            Assert.Contains($"HashGridKernels.{kernel}<Single, Float32>", names);
            Assert.Contains($"HashGridKernels.{kernel}<Double, Float64>", names);
            Assert.Equal(2, names.Count(n => n.StartsWith($"HashGridKernels.{kernel}<", StringComparison.Ordinal)));
        });
    }

    // The GEMM's 8x8 accumulator block is a struct of fields so that it lives in registers: no local memory.
    [Fact]
    public void Sgemm_KeepsItsAccumulatorsInRegisters()
    {
        var ptx = Ptx(typeof(GemmKernels).GetMethod(nameof(GemmKernels.Sgemm))!);
        Assert.DoesNotContain("ld.local", ptx);
        Assert.DoesNotContain("st.local", ptx);
        Assert.Contains("bar.sync", ptx);
    }

    // XMath.Tanh lowers to tanh.approx on PTX (about 11 bits): the tanh op is built from exp instead.
    [Fact]
    public void Tanh_DoesNotUseTheApproximateInstruction()
        => Assert.DoesNotContain("tanh.approx", Ptx(typeof(ElementwiseKernels).GetMethod(nameof(ElementwiseKernels.Unary))!
            .MakeGenericMethod(typeof(UnaryFunctions.Tanh))));

    private string Ptx(System.Reflection.MethodInfo kernel)
    {
        using var backend = (PTXBackend)Backend("sm_80");
        var compiled = (PTXCompiledKernel)backend.Compile(EntryPointDescription.FromExplicitlyGroupedKernel(kernel), KernelSpecialization.Empty);
        return compiled.PTXAssembly;
    }

    private Backend Backend(string target)
    {
        if (target == "opencl")
        {
            // every optional OpenCL capability on: the kernels must compile for the devices that have them
            var constructor = typeof(CLCapabilityContext).GetConstructors().Single(c => c.IsPublic);
            var capabilities = (CLCapabilityContext)constructor.Invoke(constructor.GetParameters().Select(_ => (object)true).ToArray());
            return new CLBackend(context, capabilities, CLDeviceVendor.Nvidia, CLBackend.MinimumVersion);
        }

        var (architecture, isa) = target switch
        {
            "sm_70" => (CudaArchitecture.SM_70, CudaInstructionSet.ISA_70),
            "sm_80" => (CudaArchitecture.SM_80, CudaInstructionSet.ISA_70),
            _ => (CudaArchitecture.SM_90, CudaInstructionSet.ISA_78),
        };
        return new PTXBackend(context, new CudaCapabilityContext(architecture), architecture, isa, null);
    }
}
