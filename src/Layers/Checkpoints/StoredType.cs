using IlgpuNet.Kernels;

namespace IlgpuNet.Layers.Checkpoints;

/// <summary>Element types as files store them; half and bfloat16 load as float32.</summary>
internal enum StoredType
{
    Float32,
    Float64,
    Int64,
    Int32,
    UInt8,
    Bool,
    Float16,
    BFloat16,
}

internal static class StoredTypeInfo
{
    public static int SizeOf(this StoredType type) => type switch
    {
        StoredType.Float64 or StoredType.Int64 => 8,
        StoredType.Float32 or StoredType.Int32 => 4,
        StoredType.Float16 or StoredType.BFloat16 => 2,
        _ => 1,
    };

    public static StoredType FromDType(DType dtype) => dtype switch
    {
        DType.Float32 => StoredType.Float32,
        DType.Float64 => StoredType.Float64,
        DType.Int64 => StoredType.Int64,
        DType.Int32 => StoredType.Int32,
        DType.UInt8 => StoredType.UInt8,
        DType.Bool => StoredType.Bool,
        _ => throw new ArgumentOutOfRangeException(nameof(dtype), dtype, "unknown dtype"),
    };

    /// <summary>safetensors' dtype codes.</summary>
    public static string SafeTensorsCode(this StoredType type) => type switch
    {
        StoredType.Float32 => "F32",
        StoredType.Float64 => "F64",
        StoredType.Int64 => "I64",
        StoredType.Int32 => "I32",
        StoredType.UInt8 => "U8",
        StoredType.Bool => "BOOL",
        StoredType.Float16 => "F16",
        StoredType.BFloat16 => "BF16",
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, "unknown stored type"),
    };

    public static StoredType? FromSafeTensorsCode(string code) => code switch
    {
        "F32" => StoredType.Float32,
        "F64" => StoredType.Float64,
        "I64" => StoredType.Int64,
        "I32" => StoredType.Int32,
        "U8" => StoredType.UInt8,
        "BOOL" => StoredType.Bool,
        "F16" => StoredType.Float16,
        "BF16" => StoredType.BFloat16,
        _ => null,
    };
}
