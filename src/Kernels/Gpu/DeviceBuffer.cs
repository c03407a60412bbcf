using System.Runtime.InteropServices;
using ILGPU;
using ILGPU.Runtime;

namespace IlgpuNet.Kernels.Gpu;

/// <summary>
/// A typed block of device memory: <see cref="Length"/> elements of <see cref="DType"/> on <see cref="Device"/>, held in
/// a byte buffer of the device's caching allocator (its size class, so possibly longer). Kernels see it through
/// <see cref="View{T}"/>. Dispose (or the finalizer) returns the block to the cache. Transfers are synchronous:
/// Upload returns when the data has been copied, Download when it has arrived (after all queued kernels).
/// </summary>
public sealed class DeviceBuffer : IDisposable
{
    private readonly DeviceBackend backend;
    private readonly long sizeClass;
    private MemoryBuffer1D<byte, Stride1D.Dense>? block;

    internal DeviceBuffer(DeviceBackend backend, DType dtype, long length, MemoryBuffer1D<byte, Stride1D.Dense> block, long sizeClass)
    {
        this.backend = backend;
        this.block = block;
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

    /// <summary>The buffer's bytes (exactly <see cref="Bytes"/> of them).</summary>
    public ArrayView<byte> RawView => (block ?? throw new ObjectDisposedException(nameof(DeviceBuffer))).View.SubView(0, Bytes);

    /// <summary>The elements as a kernel argument; <typeparamref name="T"/> must have the dtype's size (byte for Bool and UInt8).</summary>
    public unsafe ArrayView<T> View<T>()
        where T : unmanaged
    {
        if (sizeof(T) != DType.SizeOf())
        {
            throw new ArgumentException($"element type {typeof(T).Name} ({sizeof(T)} bytes) does not match buffer dtype {DType.Name()}");
        }

        return RawView.Cast<T>();
    }

    /// <summary>Copies <paramref name="data"/> into elements [elementOffset, elementOffset + data.Length).</summary>
    public void Upload<T>(ReadOnlySpan<T> data, long elementOffset = 0)
        where T : unmanaged
    {
        CheckRange<T>(data.Length, elementOffset);
        backend.Write(this, elementOffset * DType.SizeOf(), MemoryMarshal.AsBytes(data));
    }

    /// <summary>Copies elements [elementOffset, elementOffset + destination.Length) into <paramref name="destination"/>.</summary>
    public void Download<T>(Span<T> destination, long elementOffset = 0)
        where T : unmanaged
    {
        CheckRange<T>(destination.Length, elementOffset);
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
        var b = Interlocked.Exchange(ref block, null);
        if (b != null)
        {
            backend.Allocator.Return(b, sizeClass);
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
