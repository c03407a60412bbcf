using System.Runtime.InteropServices;

namespace IlgpuNet.Benchmarks.Gemm;

/// <summary>Debian's libopenblas (pthread build), the yardstick for our GEMM. Benchmarks only, never the engine.</summary>
internal static unsafe partial class OpenBlas
{
    public const string Library = "/usr/lib/x86_64-linux-gnu/libopenblas.so.0";
    private const int RowMajor = 101, NoTrans = 111, Trans = 112;

    public static bool IsAvailable { get; } = Probe();

    private static bool Probe()
    {
        if (!NativeLibrary.TryLoad(Library, out var handle))
        {
            return false;
        }

        NativeLibrary.Free(handle);
        return true;
    }

    [LibraryImport(Library, EntryPoint = "openblas_set_num_threads")]
    public static partial void SetNumThreads(int threads);

    public static string CoreName => Marshal.PtrToStringAnsi(GetCoreName()) ?? "?";

    public static string Config => (Marshal.PtrToStringAnsi(GetConfig()) ?? "?").Trim();

    [LibraryImport(Library, EntryPoint = "openblas_get_corename")]
    private static partial nint GetCoreName();

    [LibraryImport(Library, EntryPoint = "openblas_get_config")]
    private static partial nint GetConfig();

    [LibraryImport(Library, EntryPoint = "cblas_sgemm")]
    private static partial void CblasSgemm(int order, int transA, int transB, int m, int n, int k, float alpha,
        float* a, int lda, float* b, int ldb, float beta, float* c, int ldc);

    [LibraryImport(Library, EntryPoint = "cblas_dgemm")]
    private static partial void CblasDgemm(int order, int transA, int transB, int m, int n, int k, double alpha,
        double* a, int lda, double* b, int ldb, double beta, double* c, int ldc);

    public static void Sgemm(bool transA, bool transB, int m, int n, int k, float alpha, float[] a, int lda,
        float[] b, int ldb, float beta, float[] c, int ldc)
    {
        fixed (float* pa = a, pb = b, pc = c)
        {
            CblasSgemm(RowMajor, transA ? Trans : NoTrans, transB ? Trans : NoTrans, m, n, k, alpha, pa, lda, pb, ldb, beta, pc, ldc);
        }
    }

    public static void Dgemm(bool transA, bool transB, int m, int n, int k, double alpha, double[] a, int lda,
        double[] b, int ldb, double beta, double[] c, int ldc)
    {
        fixed (double* pa = a, pb = b, pc = c)
        {
            CblasDgemm(RowMajor, transA ? Trans : NoTrans, transB ? Trans : NoTrans, m, n, k, alpha, pa, lda, pb, ldb, beta, pc, ldc);
        }
    }
}
