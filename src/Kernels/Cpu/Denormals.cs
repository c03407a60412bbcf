using System.Runtime.InteropServices;

namespace IlgpuNet.Kernels.Cpu;

/// <summary>
/// Subnormal floats (magnitudes below 1.2e-38, or 2.2e-308 in double) cost an x64 core a microcode assist on every
/// operation that reads or makes one, some hundred times a normal one: a NeRF step whose colour sigmoid saturated
/// for two steps sent its MLP's gradients subnormal and took 1.6–2.2 s instead of 0.2 s. So the CPU kernels run with
/// MXCSR's flush-to-zero and denormals-are-zero bits set, as TensorFlow's and XLA's CPU kernels do (and PyTorch's after
/// torch.set_flush_denormal(True)): a subnormal result is written as 0, a subnormal input is read as 0. The bits are
/// set around each share of a parallel kernel's work (and around every kernel with one worker) and restored after it,
/// so code outside the kernels keeps IEEE gradual underflow; a loop nested in such a scope runs serially, so the
/// worker team starts no thread inside one, and its workers clear the bits they may inherit when they start. A small kernel that stays on the
/// calling thread while other workers exist runs without the bits: a loop nested in it may start threads, which would
/// inherit them, and its few thousand operations cost little even on subnormals.
/// <see cref="Flush"/> = false (or ILGPUNET_DENORMALS=keep) keeps subnormals in the kernels too. Linux on x64 only:
/// elsewhere <see cref="Supported"/> is false and subnormals are kept.
/// </summary>
public static unsafe class Denormals
{
    private const uint FlushToZero = 1u << 15, DenormalsAreZero = 1u << 6, Bits = FlushToZero | DenormalsAreZero;

    /// <summary>Whether the CPU kernels flush subnormals to zero (where <see cref="Supported"/>).</summary>
    public static bool Flush { get; set; } = EngineEnvironment.FlushDenormals;

    /// <summary>Whether this process can set the flush bits: glibc's fegetmode/fesetmode (libm) on x64.</summary>
    public static bool Supported { get; } = Probe();

    /// <summary>Sets the flush bits on this thread until disposed (a no-op when they are set already or flushing is off).</summary>
    internal static Scope Enter()
    {
        if (!Flush || !Supported)
        {
            return default;
        }

        var saved = SetBits(flush: true);
        return new Scope(saved, changed: (saved.Mxcsr & Bits) != Bits);
    }

    /// <summary>Clears the flush bits on this thread: IEEE gradual underflow outside the kernels' scopes.</summary>
    internal static void KeepOnThisThread()
    {
        if (Supported)
        {
            SetBits(flush: false);
        }
    }

    /// <summary>Sets or clears both bits on this thread; returns the mode before.</summary>
    private static FloatingPointMode SetBits(bool flush)
    {
        FloatingPointMode before;
        fegetmode(&before);
        var after = before with { Mxcsr = flush ? before.Mxcsr | Bits : before.Mxcsr & ~Bits };
        if (after != before)
        {
            fesetmode(&after);
        }

        return before;
    }

    internal readonly struct Scope(FloatingPointMode saved, bool changed) : IDisposable
    {
        public void Dispose()
        {
            if (changed)
            {
                var mode = saved;
                fesetmode(&mode);
            }
        }
    }

    private static bool Probe()
    {
        if (!OperatingSystem.IsLinux() || RuntimeInformation.ProcessArchitecture != Architecture.X64)
        {
            return false;
        }

        try
        {
            FloatingPointMode mode;
            return fegetmode(&mode) == 0;
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            return false; // a C library without fegetmode (glibc before 2.25, or not glibc)
        }
    }

    // glibc's femode_t on x64: the x87 control word, then MXCSR.
    [StructLayout(LayoutKind.Sequential)]
    internal readonly record struct FloatingPointMode(ushort ControlWord, ushort Reserved, uint Mxcsr);

    [DllImport("libm.so.6", ExactSpelling = true)]
    [SuppressGCTransition]
    private static extern int fegetmode(FloatingPointMode* mode);

    [DllImport("libm.so.6", ExactSpelling = true)]
    [SuppressGCTransition]
    private static extern int fesetmode(FloatingPointMode* mode);
}
