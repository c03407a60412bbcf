using IlgpuNet.Kernels.Gpu;

namespace IlgpuNet.Kernels.OpenCl;

/// <summary>A marker in the OpenCL queue; times come from the queue's profiling counters (nanoseconds).</summary>
internal sealed unsafe class OpenClEvent(nint handle) : DeviceEvent
{
    private nint handle = handle;

    public override void Wait()
    {
        nint h = handle;
        OpenClApi.Check(OpenClApi.clWaitForEvents(1, &h), "clWaitForEvents");
    }

    public override double MillisecondsUntil(DeviceEvent later)
    {
        var end = (OpenClEvent)later;
        Wait();
        end.Wait();
        return (end.EndNanoseconds() - EndNanoseconds()) / 1e6;
    }

    public override void Dispose()
    {
        var h = Interlocked.Exchange(ref handle, 0);
        if (h != 0)
        {
            OpenClApi.clReleaseEvent(h);
        }
    }

    private ulong EndNanoseconds()
    {
        ulong value;
        OpenClApi.Check(OpenClApi.clGetEventProfilingInfo(handle, OpenClApi.CL_PROFILING_COMMAND_END, sizeof(ulong), &value, null), "clGetEventProfilingInfo");
        return value;
    }
}
