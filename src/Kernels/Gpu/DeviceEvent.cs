namespace IlgpuNet.Kernels.Gpu;

/// <summary>A point in a device queue (a cl_event marker or a CUevent): wait on it, or time between two.</summary>
public abstract class DeviceEvent : IDisposable
{
    /// <summary>Blocks until the device has reached this point of its queue.</summary>
    public abstract void Wait();

    /// <summary>Device time from this event to <paramref name="later"/>, both waited on first.</summary>
    public abstract double MillisecondsUntil(DeviceEvent later);

    public abstract void Dispose();
}
