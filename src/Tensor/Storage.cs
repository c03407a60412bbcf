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
    private readonly Array? data;
    private readonly DeviceBuffer? buffer;

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
    public Array Data => data ?? throw new InvalidOperationException(
        $"this storage lives on {Device}: copy it to the host with To(Device.Cpu) (or ToArray/Item) before reading its elements");

    /// <summary>The device buffer of an accelerator storage.</summary>
    public DeviceBuffer Buffer => buffer ?? throw new InvalidOperationException("this storage lives on the cpu: it has no device buffer");

    public DType DType { get; }

    public Device Device { get; }

    public int Length { get; }

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
            DType.Float32 => GC.AllocateUninitializedArray<float>(length),
            DType.Float64 => GC.AllocateUninitializedArray<double>(length),
            DType.Int64 => GC.AllocateUninitializedArray<long>(length),
            DType.Int32 => new int[length],
            DType.UInt8 or DType.Bool => new byte[length],
            _ => throw new ArgumentOutOfRangeException(nameof(dtype), dtype, "unknown dtype"),
        };
        return new Storage(array, dtype, device);
    }
}
