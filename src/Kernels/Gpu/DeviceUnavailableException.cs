namespace IlgpuNet.Kernels.Gpu;

/// <summary>The requested device, or the library behind it, does not exist here; the message says what does.</summary>
public sealed class DeviceUnavailableException(string message, Exception? inner = null) : Exception(message, inner);
