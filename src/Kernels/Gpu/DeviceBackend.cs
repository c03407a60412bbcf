namespace IlgpuNet.Kernels.Gpu;

/// <summary>
/// One opened device (OpenCL or CUDA): memory, transfers, one in-order queue, and kernel launch by
/// (source file, kernel name). Kernels queue in order, so a buffer written by one launch is ready for the next.
/// <see cref="DeviceKernels"/> is the typed surface over Launch.
/// </summary>
public abstract class DeviceBackend : IDisposable
{
    private long hostToDevice;
    private long deviceToHost;
    private long launches;

    protected DeviceBackend()
    {
        Allocator = new CachingAllocator(AllocateNative, FreeNative, ReclaimUnreachableBuffers);
    }

    public abstract Device Device { get; }

    /// <summary>Human-readable device name, e.g. "pthread-cpu (Portable Computing Language)".</summary>
    public abstract string Name { get; }

    public CachingAllocator Allocator { get; }

    /// <summary>Copies from host memory into device buffers so far (uploads).</summary>
    public long HostToDeviceCopies => Interlocked.Read(ref hostToDevice);

    /// <summary>Copies from device buffers into host memory so far (downloads: each one waits for the device).</summary>
    public long DeviceToHostCopies => Interlocked.Read(ref deviceToHost);

    /// <summary>Kernels queued so far.</summary>
    public long KernelLaunches => Interlocked.Read(ref launches);

    /// <summary>
    /// When set, every new buffer is filled with 0xFF bytes (NaN in float32, -1 in integers) before it is handed out,
    /// so that parity tests see any element a kernel fails to write.
    /// </summary>
    public bool PoisonNewBuffers { get; set; }

    /// <summary>A buffer of <paramref name="length"/> elements; contents are undefined until written.</summary>
    public DeviceBuffer Allocate(DType dtype, long length)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        var (handle, sizeClass) = Allocator.Rent(Math.Max(1, length * dtype.SizeOf()));
        var buffer = new DeviceBuffer(this, dtype, length, handle, sizeClass);
        if (PoisonNewBuffers && buffer.Bytes > 0)
        {
            var poison = new byte[buffer.Bytes];
            Array.Fill(poison, (byte)0xFF);
            Write(buffer, 0, poison);
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

    public abstract void Write(DeviceBuffer destination, long byteOffset, ReadOnlySpan<byte> source);

    public abstract void Read(DeviceBuffer source, long byteOffset, Span<byte> destination);

    /// <summary>Device-to-device copy, queued in order.</summary>
    public abstract void Copy(DeviceBuffer source, long sourceByteOffset, DeviceBuffer destination, long destinationByteOffset, long bytes);

    /// <summary>Queues kernel <paramref name="kernel"/> of Device/<paramref name="sourceFile"/> on grid x block threads.</summary>
    public abstract void Launch(string sourceFile, string kernel, Dim3 grid, Dim3 block, ReadOnlySpan<KernelArg> args);

    /// <summary>Compiles a source file now (otherwise it compiles on its first launch).</summary>
    public abstract void Prepare(string sourceFile);

    /// <summary>Marks the current end of the queue.</summary>
    public abstract DeviceEvent Record();

    /// <summary>Waits for everything queued so far.</summary>
    public abstract void Synchronize();

    public void Dispose()
    {
        Dispose(true);
        GC.SuppressFinalize(this);
    }

    internal void CountUpload() => Interlocked.Increment(ref hostToDevice);

    internal void CountDownload() => Interlocked.Increment(ref deviceToHost);

    protected void CountLaunch() => Interlocked.Increment(ref launches);

    protected abstract nint AllocateNative(long bytes);

    protected abstract void FreeNative(nint handle);

    // Device memory is released by DeviceBuffer finalizers: collect so that the dead ones run now.
    private static void ReclaimUnreachableBuffers()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
    }

    protected virtual void Dispose(bool disposing)
    {
        if (disposing)
        {
            Allocator.ReleaseCached();
        }
    }
}
