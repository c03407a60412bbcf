using System.Runtime.InteropServices;
using System.Text;
using IlgpuNet.Kernels.Gpu;

namespace IlgpuNet.Kernels.Cuda;

/// <summary>
/// A CUDA device through the driver API: its primary context, one non-blocking stream, modules compiled by NVRTC
/// for the device's compute capability (PTX cached on disk), functions cached by name.
/// The context is made current on the calling thread before each driver call, so any thread may use the backend.
/// </summary>
public sealed unsafe class CudaBackend : DeviceBackend
{
    public const string NoDriverMessage = "no CUDA driver (libcuda.so.1) found";

    private const int CudaErrorNoDevice = 100;

    private readonly Dictionary<string, nint> modules = new(StringComparer.Ordinal);
    private readonly Dictionary<string, nint> functions = new(StringComparer.Ordinal);
    private readonly object gate = new();
    private readonly int device;
    private readonly string architecture;
    private nint context;
    private nint stream;

    private CudaBackend(int index, int device, string name, string architecture)
    {
        Device = Device.Cuda(index);
        Name = name;
        this.device = device;
        this.architecture = architecture;
        nint ctx;
        CudaDriverApi.Check(CudaDriverApi.cuDevicePrimaryCtxRetain(&ctx, device), "cuDevicePrimaryCtxRetain");
        context = ctx;
        CudaDriverApi.Check(CudaDriverApi.cuCtxSetCurrent(context), "cuCtxSetCurrent");
        nint s;
        CudaDriverApi.Check(CudaDriverApi.cuStreamCreate(&s, CudaDriverApi.CU_STREAM_NON_BLOCKING), "cuStreamCreate");
        stream = s;
    }

    public override Device Device { get; }

    public override string Name { get; }

    /// <summary>compute_XY of the device, the NVRTC target.</summary>
    public string Architecture => architecture;

    /// <summary>Number of CUDA devices; throws <see cref="DeviceUnavailableException"/> when there is no driver.</summary>
    public static int DeviceCount()
    {
        try
        {
            int status = CudaDriverApi.cuInit(0);
            if (status == CudaErrorNoDevice)
            {
                return 0;
            }

            CudaDriverApi.Check(status, "cuInit");
            int count;
            CudaDriverApi.Check(CudaDriverApi.cuDeviceGetCount(&count), "cuDeviceGetCount");
            return count;
        }
        catch (DllNotFoundException e)
        {
            throw new DeviceUnavailableException(NoDriverMessage, e);
        }
        catch (EntryPointNotFoundException e)
        {
            throw new DeviceUnavailableException(NoDriverMessage + " (libcuda.so.1 lacks a needed entry point: driver too old)", e);
        }
    }

    public static IReadOnlyList<DeviceInfo> ListDevices()
    {
        int count = DeviceCount();
        var list = new List<DeviceInfo>();
        for (int i = 0; i < count; i++)
        {
            int d = Get(i);
            var (major, minor) = ComputeCapability(d);
            nuint bytes;
            CudaDriverApi.Check(CudaDriverApi.cuDeviceTotalMem(&bytes, d), "cuDeviceTotalMem");
            list.Add(new DeviceInfo(Device.Cuda(i), DeviceName(d), "NVIDIA", (long)bytes,
                Attribute(d, CudaDriverApi.CU_DEVICE_ATTRIBUTE_MULTIPROCESSOR_COUNT), $"compute capability {major}.{minor}"));
        }

        return list;
    }

    /// <summary>Opens cuda:<paramref name="index"/>; throws <see cref="DeviceUnavailableException"/> listing what exists.</summary>
    public static CudaBackend Open(int index)
    {
        var devices = ListDevices();
        if (index < 0 || index >= devices.Count)
        {
            var found = devices.Count == 0 ? "the CUDA driver reports no device" : "available: " + string.Join("; ", devices.Select(d => $"{d.Device} = {d.Name}"));
            throw new DeviceUnavailableException($"CUDA device cuda:{index} does not exist; {found}");
        }

        int d = Get(index);
        var (major, minor) = ComputeCapability(d);
        return new CudaBackend(index, d, DeviceName(d), $"compute_{major}{minor}");
    }

    public override void Write(DeviceBuffer destination, long byteOffset, ReadOnlySpan<byte> source)
    {
        if (source.IsEmpty)
        {
            return;
        }

        lock (gate)
        {
            MakeCurrent();
            fixed (byte* p = source)
            {
                CudaDriverApi.Check(CudaDriverApi.cuMemcpyHtoDAsync((ulong)destination.Handle + (ulong)byteOffset, p, (nuint)source.Length, stream), "cuMemcpyHtoDAsync");
                // The span is only pinned inside this block: wait before it can move.
                CudaDriverApi.Check(CudaDriverApi.cuStreamSynchronize(stream), "cuStreamSynchronize");
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
            MakeCurrent();
            fixed (byte* p = destination)
            {
                CudaDriverApi.Check(CudaDriverApi.cuMemcpyDtoHAsync(p, (ulong)source.Handle + (ulong)byteOffset, (nuint)destination.Length, stream), "cuMemcpyDtoHAsync");
                CudaDriverApi.Check(CudaDriverApi.cuStreamSynchronize(stream), "cuStreamSynchronize");
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
            MakeCurrent();
            CudaDriverApi.Check(CudaDriverApi.cuMemcpyDtoDAsync((ulong)destination.Handle + (ulong)destinationByteOffset,
                (ulong)source.Handle + (ulong)sourceByteOffset, (nuint)bytes, stream), "cuMemcpyDtoDAsync");
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
            MakeCurrent();
            var function = GetFunction(sourceFile, kernel);
            // cuLaunchKernel wants one pointer per parameter, each to that parameter's value.
            int total = 0;
            foreach (var arg in args)
            {
                total += (arg.Size + 7) & ~7;
            }

            var storage = new byte[Math.Max(total, 8)];
            var pointers = stackalloc void*[Math.Max(args.Length, 1)];
            fixed (byte* basePointer = storage)
            {
                int offset = 0;
                for (int i = 0; i < args.Length; i++)
                {
                    var slot = new Span<byte>(basePointer + offset, args[i].Size);
                    if (args[i].Kind == KernelArgKind.Buffer)
                    {
                        MemoryMarshal.Write(slot, (ulong)(args[i].Buffer?.Handle ?? 0));
                    }
                    else
                    {
                        args[i].WriteValue(slot);
                    }

                    pointers[i] = basePointer + offset;
                    offset += (args[i].Size + 7) & ~7;
                }

                CudaDriverApi.Check(CudaDriverApi.cuLaunchKernel(function, (uint)grid.X, (uint)grid.Y, (uint)grid.Z,
                    (uint)block.X, (uint)block.Y, (uint)block.Z, 0, stream, pointers, null), "cuLaunchKernel", $"kernel {kernel}");
            }
        }
    }

    public override void Prepare(string sourceFile)
    {
        lock (gate)
        {
            MakeCurrent();
            GetModule(sourceFile);
        }
    }

    public override DeviceEvent Record()
    {
        lock (gate)
        {
            MakeCurrent();
            nint evt;
            CudaDriverApi.Check(CudaDriverApi.cuEventCreate(&evt, CudaDriverApi.CU_EVENT_DEFAULT), "cuEventCreate");
            CudaDriverApi.Check(CudaDriverApi.cuEventRecord(evt, stream), "cuEventRecord");
            return new CudaEvent(evt);
        }
    }

    public override void Synchronize()
    {
        lock (gate)
        {
            MakeCurrent();
            CudaDriverApi.Check(CudaDriverApi.cuStreamSynchronize(stream), "cuStreamSynchronize");
        }
    }

    protected override nint AllocateNative(long bytes)
    {
        lock (gate)
        {
            MakeCurrent();
            ulong pointer;
            CudaDriverApi.Check(CudaDriverApi.cuMemAlloc(&pointer, (nuint)bytes), "cuMemAlloc", $"{bytes} bytes on {Name}");
            return (nint)pointer;
        }
    }

    protected override void FreeNative(nint handle)
    {
        lock (gate)
        {
            MakeCurrent();
            // The block may still be read by queued kernels: drain the stream first.
            CudaDriverApi.Check(CudaDriverApi.cuStreamSynchronize(stream), "cuStreamSynchronize");
            CudaDriverApi.Check(CudaDriverApi.cuMemFree((ulong)handle), "cuMemFree");
        }
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        lock (gate)
        {
            if (context == 0)
            {
                return;
            }

            MakeCurrent();
            foreach (var module in modules.Values)
            {
                CudaDriverApi.cuModuleUnload(module);
            }

            modules.Clear();
            functions.Clear();
            CudaDriverApi.cuStreamDestroy(stream);
            CudaDriverApi.cuDevicePrimaryCtxRelease(device);
            stream = 0;
            context = 0;
        }
    }

    private static int Get(int ordinal)
    {
        int d;
        CudaDriverApi.Check(CudaDriverApi.cuDeviceGet(&d, ordinal), "cuDeviceGet");
        return d;
    }

    private static int Attribute(int device, int attribute)
    {
        int value;
        CudaDriverApi.Check(CudaDriverApi.cuDeviceGetAttribute(&value, attribute, device), "cuDeviceGetAttribute");
        return value;
    }

    private static (int Major, int Minor) ComputeCapability(int device) =>
        (Attribute(device, CudaDriverApi.CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MAJOR), Attribute(device, CudaDriverApi.CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MINOR));

    private static string DeviceName(int device)
    {
        var buffer = new byte[256];
        fixed (byte* b = buffer)
        {
            CudaDriverApi.Check(CudaDriverApi.cuDeviceGetName(b, buffer.Length, device), "cuDeviceGetName");
        }

        return Encoding.UTF8.GetString(buffer).Split('\0')[0];
    }

    private void MakeCurrent() => CudaDriverApi.Check(CudaDriverApi.cuCtxSetCurrent(context), "cuCtxSetCurrent");

    private nint GetFunction(string sourceFile, string name)
    {
        var key = sourceFile + "/" + name;
        if (functions.TryGetValue(key, out var function))
        {
            return function;
        }

        var module = GetModule(sourceFile);
        var nameBytes = Encoding.ASCII.GetBytes(name + "\0");
        fixed (byte* n = nameBytes)
        {
            CudaDriverApi.Check(CudaDriverApi.cuModuleGetFunction(&function, module, n), "cuModuleGetFunction", $"kernel '{name}' in {sourceFile}");
        }

        functions[key] = function;
        return function;
    }

    private nint GetModule(string sourceFile)
    {
        if (modules.TryGetValue(sourceFile, out var module))
        {
            return module;
        }

        string[] options = [$"--gpu-architecture={architecture}", "--std=c++14", "-default-device"];
        var ptx = PtxCache.GetOrCompile(sourceFile, KernelSources.Load(sourceFile), options, architecture);
        fixed (byte* image = ptx)
        {
            CudaDriverApi.Check(CudaDriverApi.cuModuleLoadData(&module, image), "cuModuleLoadData", $"{sourceFile} ({architecture})");
        }

        modules[sourceFile] = module;
        return module;
    }
}
