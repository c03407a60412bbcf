using System.Runtime.InteropServices;
using IlgpuNet.Kernels.Gpu;

namespace IlgpuNet.Kernels.OpenCl;

/// <summary>The OpenCL 1.2 entry points the backend uses (Khronos cl.h), loaded from libOpenCL.so.1 (the ICD loader).</summary>
internal static unsafe partial class OpenClApi
{
    private const string Library = "libOpenCL.so.1";

    public const uint CL_PLATFORM_NAME = 0x0902;
    public const uint CL_PLATFORM_VENDOR = 0x0903;
    public const ulong CL_DEVICE_TYPE_ALL = 0xFFFFFFFF;
    public const uint CL_DEVICE_TYPE = 0x1000;
    public const uint CL_DEVICE_MAX_COMPUTE_UNITS = 0x1002;
    public const uint CL_DEVICE_MAX_WORK_GROUP_SIZE = 0x1004;
    public const uint CL_DEVICE_GLOBAL_MEM_SIZE = 0x101F;
    public const uint CL_DEVICE_NAME = 0x102B;
    public const uint CL_DEVICE_VENDOR = 0x102C;
    public const uint CL_DEVICE_VERSION = 0x102F;
    public const ulong CL_QUEUE_PROFILING_ENABLE = 1 << 1;
    public const ulong CL_MEM_READ_WRITE = 1 << 0;
    public const uint CL_PROGRAM_BUILD_LOG = 0x1183;
    public const uint CL_PROFILING_COMMAND_END = 0x1283;
    public const int CL_DEVICE_NOT_FOUND = -1;
    public const int CL_PLATFORM_NOT_FOUND_KHR = -1001;

    static OpenClApi() => NativeLibraryResolver.Register();

    [LibraryImport(Library)] public static partial int clGetPlatformIDs(uint numEntries, nint* platforms, uint* numPlatforms);
    [LibraryImport(Library)] public static partial int clGetPlatformInfo(nint platform, uint param, nuint size, void* value, nuint* sizeReturned);
    [LibraryImport(Library)] public static partial int clGetDeviceIDs(nint platform, ulong deviceType, uint numEntries, nint* devices, uint* numDevices);
    [LibraryImport(Library)] public static partial int clGetDeviceInfo(nint device, uint param, nuint size, void* value, nuint* sizeReturned);
    [LibraryImport(Library)] public static partial nint clCreateContext(nint* properties, uint numDevices, nint* devices, nint notify, nint userData, int* error);
    [LibraryImport(Library)] public static partial nint clCreateCommandQueue(nint context, nint device, ulong properties, int* error);
    [LibraryImport(Library)] public static partial nint clCreateBuffer(nint context, ulong flags, nuint size, void* hostPointer, int* error);
    [LibraryImport(Library)] public static partial int clReleaseMemObject(nint memory);
    [LibraryImport(Library)] public static partial int clEnqueueWriteBuffer(nint queue, nint buffer, uint blocking, nuint offset, nuint size, void* pointer, uint numEvents, nint* waitList, nint* evt);
    [LibraryImport(Library)] public static partial int clEnqueueReadBuffer(nint queue, nint buffer, uint blocking, nuint offset, nuint size, void* pointer, uint numEvents, nint* waitList, nint* evt);
    [LibraryImport(Library)] public static partial int clEnqueueCopyBuffer(nint queue, nint source, nint destination, nuint sourceOffset, nuint destinationOffset, nuint size, uint numEvents, nint* waitList, nint* evt);
    [LibraryImport(Library)] public static partial nint clCreateProgramWithSource(nint context, uint count, byte** strings, nuint* lengths, int* error);
    [LibraryImport(Library)] public static partial int clBuildProgram(nint program, uint numDevices, nint* devices, byte* options, nint notify, nint userData);
    [LibraryImport(Library)] public static partial int clGetProgramBuildInfo(nint program, nint device, uint param, nuint size, void* value, nuint* sizeReturned);
    [LibraryImport(Library)] public static partial nint clCreateKernel(nint program, byte* name, int* error);
    [LibraryImport(Library)] public static partial int clSetKernelArg(nint kernel, uint index, nuint size, void* value);
    [LibraryImport(Library)] public static partial int clEnqueueNDRangeKernel(nint queue, nint kernel, uint workDim, nuint* globalOffset, nuint* globalSize, nuint* localSize, uint numEvents, nint* waitList, nint* evt);
    [LibraryImport(Library)] public static partial int clEnqueueMarkerWithWaitList(nint queue, uint numEvents, nint* waitList, nint* evt);
    [LibraryImport(Library)] public static partial int clWaitForEvents(uint numEvents, nint* events);
    [LibraryImport(Library)] public static partial int clGetEventProfilingInfo(nint evt, uint param, nuint size, void* value, nuint* sizeReturned);
    [LibraryImport(Library)] public static partial int clReleaseEvent(nint evt);
    [LibraryImport(Library)] public static partial int clFinish(nint queue);
    [LibraryImport(Library)] public static partial int clReleaseKernel(nint kernel);
    [LibraryImport(Library)] public static partial int clReleaseProgram(nint program);
    [LibraryImport(Library)] public static partial int clReleaseCommandQueue(nint queue);
    [LibraryImport(Library)] public static partial int clReleaseContext(nint context);

    /// <summary>Throws <see cref="DeviceApiException"/> naming the call and the CL_ error when status is not CL_SUCCESS.</summary>
    public static void Check(int status, string call, string? detail = null)
    {
        if (status != 0)
        {
            throw new DeviceApiException(call, OpenClErrors.Name(status), status, detail);
        }
    }

    public static string PlatformString(nint platform, uint param)
    {
        nuint size;
        Check(clGetPlatformInfo(platform, param, 0, null, &size), "clGetPlatformInfo");
        var bytes = new byte[(int)size];
        fixed (byte* p = bytes)
        {
            Check(clGetPlatformInfo(platform, param, size, p, null), "clGetPlatformInfo");
        }

        return System.Text.Encoding.UTF8.GetString(bytes).TrimEnd('\0').Trim();
    }

    public static string DeviceString(nint device, uint param)
    {
        nuint size;
        Check(clGetDeviceInfo(device, param, 0, null, &size), "clGetDeviceInfo");
        var bytes = new byte[(int)size];
        fixed (byte* p = bytes)
        {
            Check(clGetDeviceInfo(device, param, size, p, null), "clGetDeviceInfo");
        }

        return System.Text.Encoding.UTF8.GetString(bytes).TrimEnd('\0').Trim();
    }

    public static T DeviceValue<T>(nint device, uint param)
        where T : unmanaged
    {
        T value = default;
        Check(clGetDeviceInfo(device, param, (nuint)sizeof(T), &value, null), "clGetDeviceInfo");
        return value;
    }
}
