using System.Collections.Concurrent;
using System.Reflection;
using ILGPU;
using ILGPU.Runtime;
using IlgpuNet.Kernels.Ilgpu;

namespace IlgpuNet.Kernels.Gpu;

/// <summary>
/// The kernels loaded on one accelerator: each is compiled and loaded on its first launch and its launcher kept, so
/// later launches only pass arguments. Launchers take a KernelConfig (grid, group) first and queue on the
/// accelerator's default stream. Only kernels of <see cref="KernelRegistry"/> load: a kernel the compile test does not
/// know cannot run either.
/// </summary>
internal sealed class KernelCache(Accelerator accelerator)
{
    private readonly ConcurrentDictionary<MethodInfo, Delegate> launchers = new();

    public Action<KernelConfig, T1, T2, T3> Load<T1, T2, T3>(Action<T1, T2, T3> kernel)
        where T1 : struct where T2 : struct where T3 : struct
        => (Action<KernelConfig, T1, T2, T3>)Get(kernel, () => accelerator.LoadStreamKernel(kernel));

    public Action<KernelConfig, T1, T2, T3, T4> Load<T1, T2, T3, T4>(Action<T1, T2, T3, T4> kernel)
        where T1 : struct where T2 : struct where T3 : struct where T4 : struct
        => (Action<KernelConfig, T1, T2, T3, T4>)Get(kernel, () => accelerator.LoadStreamKernel(kernel));

    public Action<KernelConfig, T1, T2, T3, T4, T5> Load<T1, T2, T3, T4, T5>(Action<T1, T2, T3, T4, T5> kernel)
        where T1 : struct where T2 : struct where T3 : struct where T4 : struct where T5 : struct
        => (Action<KernelConfig, T1, T2, T3, T4, T5>)Get(kernel, () => accelerator.LoadStreamKernel(kernel));

    public Action<KernelConfig, T1, T2, T3, T4, T5, T6> Load<T1, T2, T3, T4, T5, T6>(Action<T1, T2, T3, T4, T5, T6> kernel)
        where T1 : struct where T2 : struct where T3 : struct where T4 : struct where T5 : struct where T6 : struct
        => (Action<KernelConfig, T1, T2, T3, T4, T5, T6>)Get(kernel, () => accelerator.LoadStreamKernel(kernel));

    public Action<KernelConfig, T1, T2, T3, T4, T5, T6, T7> Load<T1, T2, T3, T4, T5, T6, T7>(Action<T1, T2, T3, T4, T5, T6, T7> kernel)
        where T1 : struct where T2 : struct where T3 : struct where T4 : struct where T5 : struct where T6 : struct where T7 : struct
        => (Action<KernelConfig, T1, T2, T3, T4, T5, T6, T7>)Get(kernel, () => accelerator.LoadStreamKernel(kernel));

    public Action<KernelConfig, T1, T2, T3, T4, T5, T6, T7, T8> Load<T1, T2, T3, T4, T5, T6, T7, T8>(Action<T1, T2, T3, T4, T5, T6, T7, T8> kernel)
        where T1 : struct where T2 : struct where T3 : struct where T4 : struct where T5 : struct where T6 : struct where T7 : struct
        where T8 : struct
        => (Action<KernelConfig, T1, T2, T3, T4, T5, T6, T7, T8>)Get(kernel, () => accelerator.LoadStreamKernel(kernel));

    public Action<KernelConfig, T1, T2, T3, T4, T5, T6, T7, T8, T9> Load<T1, T2, T3, T4, T5, T6, T7, T8, T9>(
        Action<T1, T2, T3, T4, T5, T6, T7, T8, T9> kernel)
        where T1 : struct where T2 : struct where T3 : struct where T4 : struct where T5 : struct where T6 : struct where T7 : struct
        where T8 : struct where T9 : struct
        => (Action<KernelConfig, T1, T2, T3, T4, T5, T6, T7, T8, T9>)Get(kernel, () => accelerator.LoadStreamKernel(kernel));

    public Action<KernelConfig, T1, T2, T3, T4, T5, T6, T7, T8, T9, T10> Load<T1, T2, T3, T4, T5, T6, T7, T8, T9, T10>(
        Action<T1, T2, T3, T4, T5, T6, T7, T8, T9, T10> kernel)
        where T1 : struct where T2 : struct where T3 : struct where T4 : struct where T5 : struct where T6 : struct where T7 : struct
        where T8 : struct where T9 : struct where T10 : struct
        => (Action<KernelConfig, T1, T2, T3, T4, T5, T6, T7, T8, T9, T10>)Get(kernel, () => accelerator.LoadStreamKernel(kernel));

    private Delegate Get(Delegate kernel, Func<Delegate> load) => launchers.GetOrAdd(kernel.Method, method =>
        KernelRegistry.Contains(method) ? load()
            : throw new InvalidOperationException($"{method.DeclaringType?.Name}.{method.Name} is not in KernelRegistry: device kernels are the public static void methods of the *Kernels classes in IlgpuNet.Kernels.Ilgpu"));
}
