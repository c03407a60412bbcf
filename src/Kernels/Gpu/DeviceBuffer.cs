using System.Runtime.InteropServices;

namespace IlgpuNet.Kernels.Gpu;

/// <summary>
/// A typed block of device memory: <see cref="Length"/> elements of <see cref="DType"/> on <see cref="Device"/>.
/// Dispose (or the finalizer) returns the block to its device's caching allocator. Transfers are synchronous:
/// Upload returns when the data has been copied, Download when it has arrived (after all queued kernels).
/// </summary>
public sealed class DeviceBuffer : IDisposable
{
    private readonly DeviceBackend backend;
    private readonly long sizeClass;
    private nint handle;

    internal DeviceBuffer(DeviceBackend backend, DType dtype, long length, nint handle, long sizeClass)
    {
        this.backend = backend;
        this.handle = handle;
        this.sizeClass = sizeClass;
        DType = dtype;
        Length = length;
    }

    ~DeviceBuffer() => Release();

    public Device Device => backend.Device;

    public DType DType { get; }

    public long Length { get; }

    public long Bytes => Length * DType.SizeOf();

    public DeviceBackend Backend => backend;

    /// <summary>The native handle: a cl_mem for OpenCL, a CUdeviceptr for CUDA.</summary>
    public nint Handle => handle != 0 ? handle : throw new ObjectDisposedException(nameof(DeviceBuffer));

    /// <summary>Copies <paramref name="data"/> into elements [elementOffset, elementOffset + data.Length).</summary>
    public void Upload<T>(ReadOnlySpan<T> data, long elementOffset = 0)
        where T : unmanaged
    {
        CheckRange<T>(data.Length, elementOffset);
        backend.CountUpload();
        backend.Write(this, elementOffset * DType.SizeOf(), MemoryMarshal.AsBytes(data));
    }

    /// <summary>Copies elements [elementOffset, elementOffset + destination.Length) into <paramref name="destination"/>.</summary>
    public void Download<T>(Span<T> destination, long elementOffset = 0)
        where T : unmanaged
    {
        CheckRange<T>(destination.Length, elementOffset);
        backend.CountDownload();
        backend.Read(this, elementOffset * DType.SizeOf(), MemoryMarshal.AsBytes(destination));
    }

    public T[] ToArray<T>()
        where T : unmanaged
    {
        var result = new T[Length];
        Download<T>(result);
        return result;
    }

    public void Dispose()
    {
        Release();
        GC.SuppressFinalize(this);
    }

    public override string ToString() => $"DeviceBuffer({Device}, {DType.Name()}, {Length})";

    private void Release()
    {
        var h = Interlocked.Exchange(ref handle, 0);
        if (h != 0)
        {
            backend.Allocator.Return(h, sizeClass);
        }
    }

    private unsafe void CheckRange<T>(int count, long elementOffset)
        where T : unmanaged
    {
        if (sizeof(T) != DType.SizeOf())
        {
            throw new ArgumentException($"element type {typeof(T).Name} ({sizeof(T)} bytes) does not match buffer dtype {DType.Name()}");
        }

        if (elementOffset < 0 || elementOffset + count > Length)
        {
            throw new ArgumentOutOfRangeException(nameof(elementOffset), $"elements [{elementOffset}, {elementOffset + count}) outside buffer of {Length}");
        }
    }
}
