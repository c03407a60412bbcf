using IlgpuNet.Kernels;
using IlgpuNet.Kernels.Gpu;

namespace IlgpuNet.Tensors;

/// <summary>
/// The memory a tensor views: on the CPU a host array of the dtype's element type (float[], double[], long[], int[],
/// byte[]); on an accelerator a <see cref="DeviceBuffer"/> from that device's caching allocator, returned to it when
/// the storage is collected. Several tensors (views) may share one storage.
/// </summary>
public sealed class Storage
{
    private static long allocations;
    private readonly DeviceBuffer? buffer;
    private Array? data;
    private bool recycled;

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
    }

    private Storage(DeviceBuffer buffer)
    {
        this.buffer = buffer;
        DType = buffer.DType;
        Device = buffer.Device;
        Length = checked((int)buffer.Length);
    }

    /// <summary>The host array of a CPU storage.</summary>
    public Array Data => data ?? throw new InvalidOperationException(recycled
        ? "this storage was a gradient that backward finished with and recycled: it has no elements any more"
        : $"this storage lives on {Device}: copy it to the host with To(Device.Cpu) (or ToArray/Item) before reading its elements");

    /// <summary>The device buffer of an accelerator storage.</summary>
    public DeviceBuffer Buffer => buffer ?? throw new InvalidOperationException("this storage lives on the cpu: it has no device buffer");

    public DType DType { get; }

    public Device Device { get; }

    public int Length { get; }

    /// <summary>Allocation order: storages allocated since <see cref="AllocationCount"/> was read have a Serial ≥ it.</summary>
    internal long Serial { get; private init; } = -1;

    /// <summary>How many storages <see cref="Allocate"/> has made so far.</summary>
    internal static long AllocationCount => Interlocked.Read(ref allocations);

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

        Array array = dtype switch
        {
            // Like torch.empty and device memory, host arrays come uninitialised (clearing
            // them cost a full memory pass per activation); every caller of Empty writes
            // all of it, and Zeros/Full fill explicitly.
            DType.Float32 => HostArrayPool.Rent<float>(length),
            DType.Float64 => HostArrayPool.Rent<double>(length),
            DType.Int64 => GC.AllocateUninitializedArray<long>(length),
            DType.Int32 => new int[length],
            DType.UInt8 or DType.Bool => new byte[length],
            _ => throw new ArgumentOutOfRangeException(nameof(dtype), dtype, "unknown dtype"),
        };
        return new Storage(array, dtype, device) { Serial = Interlocked.Increment(ref allocations) - 1 };
    }

    /// <summary>
    /// Gives a host float storage's array to the pool for reuse. Only for a storage nothing can reach any more (the
    /// backward engine's spent gradients); any later use of it throws instead of reading reused memory.
    /// </summary>
    internal void Recycle()
    {
        switch (data)
        {
            case float[] floats:
                HostArrayPool.Return(floats);
                break;
            case double[] doubles:
                HostArrayPool.Return(doubles);
                break;
            default:
                return;
        }

        data = null;
        recycled = true;
    }
}
