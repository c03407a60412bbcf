using IlgpuNet.Kernels;
using IlgpuNet.Kernels.Gpu;

namespace IlgpuNet.Tensors;

/// <summary>
/// The memory a tensor views: on the CPU a host array of the dtype's element type (float[], double[], long[], int[],
/// byte[]); on an accelerator a <see cref="DeviceBuffer"/> from that device's caching allocator, returned to it when
/// the storage is collected. Several tensors (views) may share one storage.
/// <para>
/// Every tensor over a storage, and every graph node that saved one for its backward, holds it; when the last one lets
/// go (a tensor disposed, a node freed by backward) a host array from <see cref="HostArrayPool"/> goes back there for
/// the next allocation of its size class, as PyTorch frees a tensor's memory when its last reference goes. From then
/// on the storage has no elements: any read of it throws instead of seeing memory another tensor now owns. A device
/// buffer goes back to its device's caching allocator the same way (kernels run in launch order on the device's one
/// stream, so a later kernel that gets the block only runs after every kernel queued on it). A pooled
/// storage whose tensors were never disposed is left to the garbage collector (a kernel may still be reading its
/// array when the storage becomes unreachable, so the array is never handed out again from there).
/// </para>
/// </summary>
public sealed class Storage
{
    private DeviceBuffer? buffer;
    private readonly bool pooled;
    private Array? data;
    private bool recycled;
    private int holders;

    public Storage(Array data, DType dtype, Device device)
    {
        if (!device.IsCpu)
        {
            throw new ArgumentException($"a host array is CPU storage, not {device} storage");
        }

        this.data = data;
        DType = dtype;
        Device = device;
        Length = data.Length;
        GC.SuppressFinalize(this);
    }

    /// <summary>A host array from the pool, possibly longer than <paramref name="length"/> (its size class).</summary>
    private Storage(Array data, int length, DType dtype)
    {
        this.data = data;
        DType = dtype;
        Device = Device.Cpu;
        Length = length;
        pooled = true;
    }

    /// <summary>Nothing reaches this pooled storage and it was never released: the pool stops counting its array as held.</summary>
    ~Storage()
    {
        HostArrayPool.Forget(data!);
    }

    private Storage(DeviceBuffer buffer)
    {
        this.buffer = buffer;
        DType = buffer.DType;
        Device = buffer.Device;
        Length = checked((int)buffer.Length);
        GC.SuppressFinalize(this);
    }

    /// <summary>The host array of a CPU storage: its first <see cref="Length"/> elements are the storage's.</summary>
    public Array Data => data ?? throw new InvalidOperationException(recycled
        ? "this storage was released (every tensor over it disposed, or a gradient backward finished with) and its memory reused: it has no elements any more"
        : $"this storage lives on {Device}: copy it to the host with To(Device.Cpu) (or ToArray/Item) before reading its elements");

    /// <summary>The device buffer of an accelerator storage.</summary>
    public DeviceBuffer Buffer => buffer ?? throw new InvalidOperationException(recycled
        ? "this storage was released (every tensor over it disposed, or a gradient backward finished with) and its device memory reused"
        : "this storage lives on the cpu: it has no device buffer");

    public DType DType { get; }

    public Device Device { get; }

    /// <summary>Elements (of a host array, the leading ones; a pooled array may be longer).</summary>
    public int Length { get; }

    /// <summary>Tensors and graph nodes holding this storage.</summary>
    internal int Holders => Volatile.Read(ref holders);

    /// <summary>Whether the memory went back to the pool.</summary>
    internal bool IsReleased => Volatile.Read(ref recycled);

    internal void Hold()
    {
        if (Interlocked.Increment(ref holders) == 1 && recycled)
        {
            throw new InvalidOperationException("a tensor over a released storage: its memory went back to the pool when the last tensor over it was disposed");
        }
    }

    /// <summary>One holder lets go; the last one gives a pooled host array or a device buffer back.</summary>
    internal void Release()
    {
        int left = Interlocked.Decrement(ref holders);
        if (left == 0 && (pooled || buffer is not null))
        {
            Recycle();
        }
        else if (left < 0)
        {
            throw new InvalidOperationException("storage released more often than held");
        }
    }

    public static Storage Allocate(DType dtype, int length, Device device)
    {
        if (!device.IsCpu)
        {
            if (dtype == DType.Float64)
            {
                throw new NotSupportedException($"float64 tensors cannot live on {device}: device kernels compute in float32 (float64 is for gradient checks on the cpu)");
            }

            return new Storage(DeviceRegistry.Backend(device).Allocate(dtype, length));
        }

        // Like torch.empty and device memory, numeric host arrays come uninitialised (clearing them cost a full memory
        // pass per activation); every caller of Empty writes all of it, and Zeros/Full fill explicitly.
        return dtype switch
        {
            DType.Float32 => Pooled(HostArrayPool.Rent<float>(length), length, dtype),
            DType.Float64 => Pooled(HostArrayPool.Rent<double>(length), length, dtype),
            DType.Int64 => Pooled(HostArrayPool.Rent<long>(length), length, dtype),
            DType.Int32 => Pooled(HostArrayPool.Rent<int>(length), length, dtype),
            DType.UInt8 or DType.Bool => new Storage(new byte[length], dtype, device),
            _ => throw new ArgumentOutOfRangeException(nameof(dtype), dtype, "unknown dtype"),
        };
    }

    // Arrays under the pool's minimum size come straight from the GC and are left to it.
    private static Storage Pooled<T>(T[] array, int length, DType dtype)
        => HostArrayPool.Keeps(length, System.Runtime.CompilerServices.Unsafe.SizeOf<T>())
            ? new Storage(array, length, dtype)
            : new Storage(array, dtype, Device.Cpu);

    private void Recycle()
    {
        var array = Interlocked.Exchange(ref data, null);
        Volatile.Write(ref recycled, true);
        GC.SuppressFinalize(this);
        Interlocked.Exchange(ref buffer, null)?.Dispose();
        switch (array)
        {
            case float[] floats: HostArrayPool.Return(floats); break;
            case double[] doubles: HostArrayPool.Return(doubles); break;
            case long[] longs: HostArrayPool.Return(longs); break;
            case int[] ints: HostArrayPool.Return(ints); break;
        }
    }
}
