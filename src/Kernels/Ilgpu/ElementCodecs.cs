namespace IlgpuNet.Kernels.Ilgpu;

/// <summary>The element codec of each dtype a device holds (bool is a byte that is 0 or 1).</summary>
public static class ElementCodecs
{
    public readonly struct Float32 : IElementCodec<float>
    {
        public bool IsFloat => true;

        public float ToSingle(float value) => value;

        public long ToInt64(float value) => (long)value;

        public float FromSingle(float value) => value;

        public float FromInt64(long value) => value;
    }

    public readonly struct Int64 : IElementCodec<long>
    {
        public bool IsFloat => false;

        public float ToSingle(long value) => value;

        public long ToInt64(long value) => value;

        public long FromSingle(float value) => (long)value;

        public long FromInt64(long value) => value;
    }

    public readonly struct Int32 : IElementCodec<int>
    {
        public bool IsFloat => false;

        public float ToSingle(int value) => value;

        public long ToInt64(int value) => value;

        public int FromSingle(float value) => (int)value;

        public int FromInt64(long value) => (int)value;
    }

    public readonly struct UInt8 : IElementCodec<byte>
    {
        public bool IsFloat => false;

        public float ToSingle(byte value) => value;

        public long ToInt64(byte value) => value;

        public byte FromSingle(float value) => (byte)(int)value;

        public byte FromInt64(long value) => (byte)value;
    }

    public readonly struct Bool : IElementCodec<byte>
    {
        public bool IsFloat => false;

        public float ToSingle(byte value) => value;

        public long ToInt64(byte value) => value;

        public byte FromSingle(float value) => value != 0f ? (byte)1 : (byte)0;

        public byte FromInt64(long value) => value != 0 ? (byte)1 : (byte)0;
    }
}
