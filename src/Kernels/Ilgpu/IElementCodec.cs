namespace IlgpuNet.Kernels.Ilgpu;

/// <summary>
/// How a dtype conversion reads and writes one element type: floats pass through float, integers through long, so
/// every conversion is the C cast the CPU's copy makes (truncation toward zero; to bool: non-zero is 1).
/// </summary>
public interface IElementCodec<T>
    where T : unmanaged
{
    bool IsFloat { get; }

    float ToSingle(T value);

    long ToInt64(T value);

    T FromSingle(float value);

    T FromInt64(long value);
}
