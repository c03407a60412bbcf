using System.Runtime.InteropServices;
using ILGPU;
using ILGPU.Runtime;

namespace IlgpuNet.Kernels.Gpu;

/// <summary>
/// One opened device: an ILGPU accelerator (CUDA, OpenCL or ILGPU's CPU accelerator) with its memory, its one stream
/// (the accelerator's default stream: kernels and copies queue in order, so a buffer written by one launch is ready for
/// the next), a caching allocator over its buffers and the kernels loaded on it. <see cref="DeviceKernels"/> is the
/// typed surface the tensor ops call.
/// </summary>
public sealed class DeviceBackend : IDisposable
{
    /// <summary>The group size of 1-D and group-per-row launches where the accelerator allows it (CUDA's usual 256).</summary>
    public const int PreferredGroupSize = 256;

    private long hostToDevice;
    private long deviceToHost;

    /// <param name="gpuLaunchShapes">
    /// Launch as on a GPU even where groups are simulated (wide groups, the tiled GEMM): the tests run the kernels' GPU
    /// paths this way on ILGPU's CPU accelerator.
    /// </param>
    internal DeviceBackend(Device device, Accelerator accelerator, bool gpuLaunchShapes = false)
    {
        Device = device;
        Accelerator = accelerator;
        Allocator = new CachingAllocator<MemoryBuffer1D<byte, Stride1D.Dense>>(
            bytes => accelerator.Allocate1D<byte>(bytes), block => block.Dispose(), ReclaimUnreachableBuffers);
        Kernels = new KernelCache(accelerator);
        SimulatesGroups = accelerator.AcceleratorType == AcceleratorType.CPU && !gpuLaunchShapes;
        GroupSize = SimulatesGroups ? 1 : Math.Min(PreferredGroupSize, 1 << System.Numerics.BitOperations.Log2((uint)accelerator.MaxNumThreadsPerGroup));
        RowGroupSize = GroupSize;
        ResidentGroups = Math.Max(1, accelerator.NumMultiprocessors * Math.Max(1, accelerator.MaxNumThreadsPerMultiprocessor / GroupSize));
        if (SimulatesGroups)
        {
            ResidentGroups = accelerator.NumMultiprocessors;
        }
    }

    public Device Device { get; }

    /// <summary>The accelerator's name, e.g. "NVIDIA H100 80GB HBM3" or "CPUAccelerator".</summary>
    public string Name => Accelerator.Name;

    public Accelerator Accelerator { get; }

    public CachingAllocator<MemoryBuffer1D<byte, Stride1D.Dense>> Allocator { get; }

    /// <summary>Threads per group of the 1-D kernels: a power of two, at most 256 (1 where groups are simulated).</summary>
    public int GroupSize { get; }

    /// <summary>
    /// True on ILGPU's CPU accelerator, which runs every thread of a group as an OS thread, makes every barrier a switch
    /// of all of them and ends every group with one: there every launch takes one-thread groups, one per
    /// multiprocessor for the grid-stride kernels (two threads in all, one per core), and the GEMM runs its direct kernel.
    /// </summary>
    public bool SimulatesGroups { get; }

    /// <summary>Threads per group of the group-per-row kernels (softmax, cross entropy, batch norm, row sums, max along a dim).</summary>
    public int RowGroupSize { get; }

    /// <summary>Groups of <see cref="GroupSize"/> the device holds at once: the grid of a grid-stride launch (one wave).</summary>
    public int ResidentGroups { get; }

    /// <summary>Copies from host memory into device buffers so far (uploads).</summary>
    public long HostToDeviceCopies => Interlocked.Read(ref hostToDevice);

    /// <summary>Copies from device buffers into host memory so far (downloads: each one waits for the device).</summary>
    public long DeviceToHostCopies => Interlocked.Read(ref deviceToHost);

    /// <summary>
    /// When set, every new buffer is filled with 0xFF bytes (NaN in float32, -1 in integers) before it is handed out,
    /// so that parity tests see any element a kernel fails to write.
    /// </summary>
    public bool PoisonNewBuffers { get; set; }

    internal KernelCache Kernels { get; }

    /// <summary>A buffer of <paramref name="length"/> elements; contents are undefined until written.</summary>
    public DeviceBuffer Allocate(DType dtype, long length)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        var (block, sizeClass) = Allocator.Rent(Math.Max(1, length * dtype.SizeOf()));
        var buffer = new DeviceBuffer(this, dtype, length, block, sizeClass);
        if (PoisonNewBuffers && buffer.Bytes > 0)
        {
            buffer.RawView.MemSet(Accelerator.DefaultStream, 0xFF);
        }

        return buffer;
    }

    /// <summary>A Float32 buffer holding a copy of <paramref name="data"/>.</summary>
    public DeviceBuffer Upload(ReadOnlySpan<float> data)
    {
        var buffer = Allocate(DType.Float32, data.Length);
        buffer.Upload(data);
        return buffer;
    }

    /// <summary>Device-to-device copy of <paramref name="bytes"/> bytes, queued in order.</summary>
    public void Copy(DeviceBuffer source, long sourceByteOffset, DeviceBuffer destination, long destinationByteOffset, long bytes)
    {
        if (bytes > 0)
        {
            source.RawView.SubView(sourceByteOffset, bytes).CopyTo(Accelerator.DefaultStream, destination.RawView.SubView(destinationByteOffset, bytes));
        }
    }

    /// <summary>Waits for everything queued so far.</summary>
    public void Synchronize() => Accelerator.Synchronize();

    public void Dispose()
    {
        Allocator.ReleaseCached();
        Accelerator.Dispose();
    }

    internal void Write(DeviceBuffer destination, long byteOffset, ReadOnlySpan<byte> source)
    {
        Interlocked.Increment(ref hostToDevice);
        if (!source.IsEmpty)
        {
            destination.RawView.SubView(byteOffset, source.Length)
                .CopyFromCPU(Accelerator.DefaultStream, ref MemoryMarshal.GetReference(source), source.Length);
        }
    }

    internal void Read(DeviceBuffer source, long byteOffset, Span<byte> destination)
    {
        Interlocked.Increment(ref deviceToHost);
        if (!destination.IsEmpty)
        {
            source.RawView.SubView(byteOffset, destination.Length)
                .CopyToCPU(Accelerator.DefaultStream, ref MemoryMarshal.GetReference(destination), destination.Length);
        }
    }

    // Device memory comes back through DeviceBuffer finalizers: collect so that the dead ones run now.
    private static void ReclaimUnreachableBuffers()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
    }
}
