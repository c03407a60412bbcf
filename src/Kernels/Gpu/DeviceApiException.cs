namespace IlgpuNet.Kernels.Gpu;

/// <summary>A native OpenCL / CUDA / NVRTC call returned an error status; the message names the call and code.</summary>
public sealed class DeviceApiException : Exception
{
    public DeviceApiException(string call, string codeName, long code, string? detail = null)
        : base($"{call} failed: {codeName} ({code})" + (string.IsNullOrEmpty(detail) ? "" : Environment.NewLine + detail))
    {
        Call = call;
        Code = code;
    }

    public string Call { get; }

    public long Code { get; }
}
