using System.Runtime.InteropServices;
using System.Text;
using IlgpuNet.Kernels.Gpu;

namespace IlgpuNet.Kernels.Cuda;

/// <summary>NVRTC: compiles CUDA C++ source to PTX at run time (nvrtc.h).</summary>
internal static unsafe partial class NvrtcApi
{
    private const string Library = "libnvrtc.so";

    static NvrtcApi() => NativeLibraryResolver.Register();

    [LibraryImport(Library)] public static partial int nvrtcVersion(int* major, int* minor);
    [LibraryImport(Library)] public static partial int nvrtcCreateProgram(nint* program, byte* source, byte* name, int numHeaders, byte** headers, byte** includeNames);
    [LibraryImport(Library)] public static partial int nvrtcCompileProgram(nint program, int numOptions, byte** options);
    [LibraryImport(Library)] public static partial int nvrtcGetPTXSize(nint program, nuint* size);
    [LibraryImport(Library)] public static partial int nvrtcGetPTX(nint program, byte* ptx);
    [LibraryImport(Library)] public static partial int nvrtcGetProgramLogSize(nint program, nuint* size);
    [LibraryImport(Library)] public static partial int nvrtcGetProgramLog(nint program, byte* log);
    [LibraryImport(Library)] public static partial int nvrtcDestroyProgram(nint* program);
    [LibraryImport(Library)] public static partial byte* nvrtcGetErrorString(int result);

    public static void Check(int status, string call, string? detail = null)
    {
        if (status != 0)
        {
            var name = Marshal.PtrToStringUTF8((nint)nvrtcGetErrorString(status)) ?? "NVRTC_ERROR_UNKNOWN";
            throw new DeviceApiException(call, name, status, detail);
        }
    }

    /// <summary>Source to PTX text (null-terminated bytes, as cuModuleLoadData wants); the log is in the exception on failure.</summary>
    public static byte[] CompileToPtx(string source, string name, IReadOnlyList<string> options)
    {
        nint program;
        var sourceBytes = Encoding.UTF8.GetBytes(source + "\0");
        var nameBytes = Encoding.UTF8.GetBytes(name + "\0");
        fixed (byte* s = sourceBytes, n = nameBytes)
        {
            Check(nvrtcCreateProgram(&program, s, n, 0, null, null), "nvrtcCreateProgram", name);
        }

        try
        {
            var optionBytes = options.Select(o => Encoding.UTF8.GetBytes(o + "\0")).ToArray();
            var handles = optionBytes.Select(b => GCHandle.Alloc(b, GCHandleType.Pinned)).ToArray();
            int status;
            try
            {
                var pointers = stackalloc byte*[handles.Length];
                for (int i = 0; i < handles.Length; i++)
                {
                    pointers[i] = (byte*)handles[i].AddrOfPinnedObject();
                }

                status = nvrtcCompileProgram(program, handles.Length, pointers);
            }
            finally
            {
                foreach (var h in handles)
                {
                    h.Free();
                }
            }

            Check(status, "nvrtcCompileProgram", $"{name} with {string.Join(' ', options)}:{Environment.NewLine}{Log(program)}");
            nuint size;
            Check(nvrtcGetPTXSize(program, &size), "nvrtcGetPTXSize");
            var ptx = new byte[(int)size];
            fixed (byte* p = ptx)
            {
                Check(nvrtcGetPTX(program, p), "nvrtcGetPTX");
            }

            return ptx;
        }
        finally
        {
            nvrtcDestroyProgram(&program);
        }
    }

    private static string Log(nint program)
    {
        nuint size;
        if (nvrtcGetProgramLogSize(program, &size) != 0 || size <= 1)
        {
            return "(empty log)";
        }

        var log = new byte[(int)size];
        fixed (byte* l = log)
        {
            nvrtcGetProgramLog(program, l);
        }

        return Encoding.UTF8.GetString(log).TrimEnd('\0');
    }
}
