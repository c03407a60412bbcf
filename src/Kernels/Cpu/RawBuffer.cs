namespace IlgpuNet.Kernels.Cpu;

/// <summary>
/// Pointer + length that a lambda may capture (spans cannot be captured). Only valid while the memory it
/// points at is pinned (inside the caller's <c>fixed</c> block) or unmanaged.
/// </summary>
internal readonly unsafe struct RawBuffer<T>
    where T : unmanaged
{
    private readonly T* _ptr;

    public RawBuffer(T* ptr, int length)
    {
        _ptr = ptr;
        Length = length;
    }

    public int Length { get; }

    public T* Pointer => _ptr;

    public Span<T> Span => new(_ptr, Length);

    public Span<T> Slice(long start, int length) => new(_ptr + start, length);

    public ref T this[long index] => ref _ptr[index];
}
