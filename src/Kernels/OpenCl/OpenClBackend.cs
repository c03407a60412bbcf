using System.Text;
using IlgpuNet.Kernels.Gpu;

namespace IlgpuNet.Kernels.OpenCl;

/// <summary>
/// An OpenCL device with one context and one in-order, profiling-enabled queue. Each Device/*.cu file is built
/// once (prelude inlined, compiled as OpenCL C 1.2) on first use; kernel objects are cached by name.
/// A lock serializes argument setting and enqueueing, since cl_kernel arguments are shared state.
/// </summary>
public sealed unsafe class OpenClBackend : DeviceBackend
{
    // -cl-std=CL1.2 so the prelude's __OPENCL_VERSION__ branch sees 1.2 semantics on newer drivers too.
    private const string BuildOptions = "-cl-std=CL1.2";

    private readonly Dictionary<string, nint> programs = new(StringComparer.Ordinal);
    private readonly Dictionary<string, nint> kernels = new(StringComparer.Ordinal);
    private readonly object gate = new();
    private readonly nint device;
    private nint context;
    private nint queue;

    private OpenClBackend(int index, nint device, string name)
    {
        Device = Device.OpenCl(index);
        Name = name;
        this.device = device;
        int error;
        nint d = device;
        context = OpenClApi.clCreateContext(null, 1, &d, 0, 0, &error);
        OpenClApi.Check(error, "clCreateContext");
        queue = OpenClApi.clCreateCommandQueue(context, device, OpenClApi.CL_QUEUE_PROFILING_ENABLE, &error);
        OpenClApi.Check(error, "clCreateCommandQueue");
    }

    public override Device Device { get; }

    public override string Name { get; }

    /// <summary>Opens opencl:<paramref name="index"/>; throws <see cref="DeviceUnavailableException"/> listing what exists.</summary>
    public static OpenClBackend Open(int index)
    {
        IReadOnlyList<OpenClDevices.Entry> entries;
        try
        {
            entries = OpenClDevices.Enumerate();
        }
        catch (DllNotFoundException e)
        {
            throw new DeviceUnavailableException(
                "no OpenCL runtime: libOpenCL.so.1 could not be loaded (install ocl-icd-libopencl1 and a driver such as pocl-opencl-icd)", e);
        }

        if (index < 0 || index >= entries.Count)
        {
            var found = entries.Count == 0
                ? "no OpenCL platform/device found (is an ICD such as pocl-opencl-icd installed under /etc/OpenCL/vendors?)"
                : "available: " + string.Join("; ", entries.Select((e, i) => $"opencl:{i} = {OpenClApi.DeviceString(e.Device, OpenClApi.CL_DEVICE_NAME)} ({e.PlatformName})"));
            throw new DeviceUnavailableException($"OpenCL device opencl:{index} does not exist; {found}");
        }

        var entry = entries[index];
        var name = $"{OpenClApi.DeviceString(entry.Device, OpenClApi.CL_DEVICE_NAME)} ({entry.PlatformName})";
        return new OpenClBackend(index, entry.Device, name);
    }

    public override void Write(DeviceBuffer destination, long byteOffset, ReadOnlySpan<byte> source)
    {
        if (source.IsEmpty)
        {
            return;
        }

        lock (gate)
        {
            fixed (byte* p = source)
            {
                OpenClApi.Check(OpenClApi.clEnqueueWriteBuffer(queue, destination.Handle, 1, (nuint)byteOffset, (nuint)source.Length, p, 0, null, null), "clEnqueueWriteBuffer");
            }
        }
    }

    public override void Read(DeviceBuffer source, long byteOffset, Span<byte> destination)
    {
        if (destination.IsEmpty)
        {
            return;
        }

        lock (gate)
        {
            fixed (byte* p = destination)
            {
                OpenClApi.Check(OpenClApi.clEnqueueReadBuffer(queue, source.Handle, 1, (nuint)byteOffset, (nuint)destination.Length, p, 0, null, null), "clEnqueueReadBuffer");
            }
        }
    }

    public override void Copy(DeviceBuffer source, long sourceByteOffset, DeviceBuffer destination, long destinationByteOffset, long bytes)
    {
        if (bytes == 0)
        {
            return;
        }

        lock (gate)
        {
            OpenClApi.Check(OpenClApi.clEnqueueCopyBuffer(queue, source.Handle, destination.Handle, (nuint)sourceByteOffset, (nuint)destinationByteOffset, (nuint)bytes, 0, null, null), "clEnqueueCopyBuffer");
        }
    }

    public override void Launch(string sourceFile, string kernel, Dim3 grid, Dim3 block, ReadOnlySpan<KernelArg> args)
    {
        if (grid.Total == 0)
        {
            return;
        }

        CountLaunch();

        lock (gate)
        {
            var k = GetKernel(sourceFile, kernel);
            Span<byte> scratch = stackalloc byte[512];
            for (int i = 0; i < args.Length; i++)
            {
                var arg = args[i];
                int status;
                if (arg.Kind == KernelArgKind.Buffer)
                {
                    nint mem = arg.Buffer?.Handle ?? 0;  // a NULL cl_mem sets a null pointer argument
                    status = OpenClApi.clSetKernelArg(k, (uint)i, (nuint)sizeof(nint), &mem);
                }
                else
                {
                    var value = arg.Size <= scratch.Length ? scratch[..arg.Size] : new byte[arg.Size];
                    arg.WriteValue(value);
                    fixed (byte* v = value)
                    {
                        status = OpenClApi.clSetKernelArg(k, (uint)i, (nuint)arg.Size, v);
                    }
                }

                OpenClApi.Check(status, "clSetKernelArg", $"kernel {kernel}, argument {i} ({arg.Kind}, {arg.Size} bytes)");
            }

            nuint* global = stackalloc nuint[3] { (nuint)((long)grid.X * block.X), (nuint)((long)grid.Y * block.Y), (nuint)((long)grid.Z * block.Z) };
            nuint* local = stackalloc nuint[3] { (nuint)block.X, (nuint)block.Y, (nuint)block.Z };
            OpenClApi.Check(OpenClApi.clEnqueueNDRangeKernel(queue, k, 3, null, global, local, 0, null, null), "clEnqueueNDRangeKernel", $"kernel {kernel}");
        }
    }

    public override void Prepare(string sourceFile)
    {
        lock (gate)
        {
            GetProgram(sourceFile);
        }
    }

    public override DeviceEvent Record()
    {
        lock (gate)
        {
            nint evt;
            OpenClApi.Check(OpenClApi.clEnqueueMarkerWithWaitList(queue, 0, null, &evt), "clEnqueueMarkerWithWaitList");
            return new OpenClEvent(evt);
        }
    }

    public override void Synchronize()
    {
        lock (gate)
        {
            OpenClApi.Check(OpenClApi.clFinish(queue), "clFinish");
        }
    }

    protected override nint AllocateNative(long bytes)
    {
        int error;
        var memory = OpenClApi.clCreateBuffer(context, OpenClApi.CL_MEM_READ_WRITE, (nuint)bytes, null, &error);
        OpenClApi.Check(error, "clCreateBuffer", $"{bytes} bytes on {Name}");
        return memory;
    }

    protected override void FreeNative(nint handle) => OpenClApi.Check(OpenClApi.clReleaseMemObject(handle), "clReleaseMemObject");

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        lock (gate)
        {
            foreach (var k in kernels.Values)
            {
                OpenClApi.clReleaseKernel(k);
            }

            foreach (var p in programs.Values)
            {
                OpenClApi.clReleaseProgram(p);
            }

            kernels.Clear();
            programs.Clear();
            if (queue != 0)
            {
                OpenClApi.clReleaseCommandQueue(queue);
                queue = 0;
            }

            if (context != 0)
            {
                OpenClApi.clReleaseContext(context);
                context = 0;
            }
        }
    }

    private nint GetKernel(string sourceFile, string name)
    {
        var key = sourceFile + "/" + name;
        if (kernels.TryGetValue(key, out var kernel))
        {
            return kernel;
        }

        var program = GetProgram(sourceFile);
        int error;
        var nameBytes = Encoding.ASCII.GetBytes(name + "\0");
        fixed (byte* n = nameBytes)
        {
            kernel = OpenClApi.clCreateKernel(program, n, &error);
        }

        OpenClApi.Check(error, "clCreateKernel", $"kernel '{name}' in {sourceFile}");
        kernels[key] = kernel;
        return kernel;
    }

    private nint GetProgram(string sourceFile)
    {
        if (programs.TryGetValue(sourceFile, out var program))
        {
            return program;
        }

        var source = Encoding.UTF8.GetBytes(KernelSources.Load(sourceFile));
        int error;
        fixed (byte* s = source)
        {
            byte* strings = s;
            nuint length = (nuint)source.Length;
            program = OpenClApi.clCreateProgramWithSource(context, 1, &strings, &length, &error);
        }

        OpenClApi.Check(error, "clCreateProgramWithSource", sourceFile);
        var options = Encoding.ASCII.GetBytes(BuildOptions + "\0");
        nint d = device;
        int status;
        fixed (byte* o = options)
        {
            status = OpenClApi.clBuildProgram(program, 1, &d, o, 0, 0);
        }

        if (status != 0)
        {
            var log = BuildLog(program);
            OpenClApi.clReleaseProgram(program);
            OpenClApi.Check(status, "clBuildProgram", $"{sourceFile} on {Name}:{Environment.NewLine}{log}");
        }

        programs[sourceFile] = program;
        return program;
    }

    private string BuildLog(nint program)
    {
        nuint size;
        if (OpenClApi.clGetProgramBuildInfo(program, device, OpenClApi.CL_PROGRAM_BUILD_LOG, 0, null, &size) != 0)
        {
            return "(no build log)";
        }

        var bytes = new byte[(int)size];
        fixed (byte* b = bytes)
        {
            OpenClApi.clGetProgramBuildInfo(program, device, OpenClApi.CL_PROGRAM_BUILD_LOG, size, b, null);
        }

        return Encoding.UTF8.GetString(bytes).TrimEnd('\0');
    }
}
