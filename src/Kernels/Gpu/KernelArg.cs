using System.Runtime.InteropServices;

namespace IlgpuNet.Kernels.Gpu;

public enum KernelArgKind
{
    Buffer,
    Int32,
    Int64,
    UInt64,
    Float32,
    Struct,
}

/// <summary>
/// One kernel argument. The C# type must match the kernel parameter exactly (int vs i64 vs u64): OpenCL checks the
/// size, CUDA does not, so the factories are explicit rather than implicit conversions.
/// </summary>
public readonly struct KernelArg
{
    private KernelArg(KernelArgKind kind, long bits, DeviceBuffer? buffer, byte[]? bytes)
    {
        Kind = kind;
        Bits = bits;
        Buffer = buffer;
        Bytes = bytes;
    }

    public KernelArgKind Kind { get; }

    /// <summary>The scalar's bit pattern (low 4 bytes for 32-bit kinds).</summary>
    public long Bits { get; }

    /// <summary>The buffer, or null for a null pointer argument.</summary>
    public DeviceBuffer? Buffer { get; }

    /// <summary>A struct passed by value, as its bytes.</summary>
    public byte[]? Bytes { get; }

    public int Size => Kind switch
    {
        KernelArgKind.Int32 or KernelArgKind.Float32 => 4,
        KernelArgKind.Int64 or KernelArgKind.UInt64 => 8,
        KernelArgKind.Struct => Bytes!.Length,
        _ => IntPtr.Size,
    };

    public static KernelArg Of(DeviceBuffer? buffer) => new(KernelArgKind.Buffer, 0, buffer, null);

    public static KernelArg Int(int value) => new(KernelArgKind.Int32, value, null, null);

    public static KernelArg Int(bool value) => Int(value ? 1 : 0);

    public static KernelArg Long(long value) => new(KernelArgKind.Int64, value, null, null);

    public static KernelArg ULong(ulong value) => new(KernelArgKind.UInt64, unchecked((long)value), null, null);

    public static KernelArg Float(float value) => new(KernelArgKind.Float32, BitConverter.SingleToInt32Bits(value), null, null);

    public static KernelArg Struct<T>(T value)
        where T : unmanaged
        => new(KernelArgKind.Struct, 0, null, MemoryMarshal.AsBytes(new ReadOnlySpan<T>(in value)).ToArray());

    /// <summary>Writes the scalar or struct bytes into <paramref name="destination"/> (Size bytes).</summary>
    public void WriteValue(Span<byte> destination)
    {
        switch (Kind)
        {
            case KernelArgKind.Int32 or KernelArgKind.Float32:
                BitConverter.TryWriteBytes(destination, (int)Bits);
                break;
            case KernelArgKind.Int64 or KernelArgKind.UInt64:
                BitConverter.TryWriteBytes(destination, Bits);
                break;
            case KernelArgKind.Struct:
                Bytes.AsSpan().CopyTo(destination);
                break;
            default:
                throw new InvalidOperationException("buffer arguments are set by the backend");
        }
    }
}
