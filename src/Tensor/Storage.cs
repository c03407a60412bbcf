using IlgpuNet.Kernels;

namespace IlgpuNet.Tensors;

/// <summary>
/// The memory a tensor views: a host array of the dtype's element type (float[], double[], long[], int[], byte[]).
/// Several tensors (views) may share one storage.
/// </summary>
public sealed class Storage
{
    public Storage(Array data, DType dtype, Device device)
    {
        Data = data;
        DType = dtype;
        Device = device;
    }

    public Array Data { get; }

    public DType DType { get; }

    public Device Device { get; }

    public int Length => Data.Length;

    public static Storage Allocate(DType dtype, int length, Device device)
    {
        if (!device.IsCpu)
        {
            throw new NotSupportedException($"device {device}: only the cpu backend can hold tensor storage in this build");
        }

        Array data = dtype switch
        {
            DType.Float32 => new float[length],
            DType.Float64 => new double[length],
            DType.Int64 => new long[length],
            DType.Int32 => new int[length],
            DType.UInt8 or DType.Bool => new byte[length],
            _ => throw new ArgumentOutOfRangeException(nameof(dtype), dtype, "unknown dtype"),
        };
        return new Storage(data, dtype, device);
    }
}
