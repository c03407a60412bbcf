using IlgpuNet.Kernels;

namespace IlgpuNet.Tensors;

/// <summary>Copies between host arrays and device buffers: the only places where data crosses to or from a device.</summary>
internal static class DeviceTransfer
{
    /// <summary>A dense CPU copy of a device tensor: one download (after a strided copy on the device when it is a view).</summary>
    public static Tensor ToHost(Tensor x)
    {
        var dense = x.IsContiguous ? x : DeviceTensor.Packed(x);
        var host = RawOps.Empty(x.ShapeRef, x.DType, Device.Cpu);
        var buffer = dense.Buffer();
        int n = x.Numel; // a pooled host array may be longer
        switch (host.Storage.Data)
        {
            case float[] f: buffer.Download<float>(f.AsSpan(0, n), dense.Offset); break;
            case long[] l: buffer.Download<long>(l.AsSpan(0, n), dense.Offset); break;
            case int[] i: buffer.Download<int>(i.AsSpan(0, n), dense.Offset); break;
            case byte[] b: buffer.Download<byte>(b.AsSpan(0, n), dense.Offset); break;
            default: throw new NotSupportedException($"{x.DType.Name()} tensors do not live on devices");
        }

        return host;
    }

    /// <summary>A dense device copy of a CPU tensor: one upload (after a host copy when it is a view).</summary>
    public static Tensor ToDevice(Tensor x, Device device)
    {
        var dense = x.IsContiguous ? x : RawOps.Contiguous(x);
        var y = RawOps.Empty(x.ShapeRef, x.DType, device);
        var buffer = y.Buffer();
        int at = dense.Offset, n = x.Numel;
        switch (dense.Storage.Data)
        {
            case float[] f: buffer.Upload<float>(f.AsSpan(at, n)); break;
            case long[] l: buffer.Upload<long>(l.AsSpan(at, n)); break;
            case int[] i: buffer.Upload<int>(i.AsSpan(at, n)); break;
            case byte[] b: buffer.Upload<byte>(b.AsSpan(at, n)); break;
            default: throw new NotSupportedException($"{x.DType.Name()} tensors cannot live on {device}: device kernels compute in float32 (convert with Float() first)");
        }

        return y;
    }
}
