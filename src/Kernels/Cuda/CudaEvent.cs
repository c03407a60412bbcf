using IlgpuNet.Kernels.Gpu;

namespace IlgpuNet.Kernels.Cuda;

/// <summary>A CUevent recorded on the backend's stream.</summary>
internal sealed unsafe class CudaEvent(nint handle) : DeviceEvent
{
    private nint handle = handle;

    public override void Wait() => CudaDriverApi.Check(CudaDriverApi.cuEventSynchronize(handle), "cuEventSynchronize");

    public override double MillisecondsUntil(DeviceEvent later)
    {
        var end = (CudaEvent)later;
        end.Wait();
        float ms;
        CudaDriverApi.Check(CudaDriverApi.cuEventElapsedTime(&ms, handle, end.handle), "cuEventElapsedTime");
        return ms;
    }

    public override void Dispose()
    {
        var h = Interlocked.Exchange(ref handle, 0);
        if (h != 0)
        {
            CudaDriverApi.cuEventDestroy(h);
        }
    }
}
