using System.Buffers;
using System.Runtime.Intrinsics;

namespace IlgpuNet.Kernels.Cpu;

/// <summary>
/// float32 conv2d forward by im2col written straight into the GEMM's packed B panels: a task takes a run of output
/// positions, gathers their column-matrix entries panel by panel (NR positions side by side, one row per tap, as the
/// micro-kernel reads them), and multiplies the filters, packed once, into them:
///   y[:, p0 .. p0 + NR·panels) (K, NR·panels) = W (K, C·KH·KW) @ panels (C·KH·KW, NR·panels)
/// The whole column matrix is never written: for a stem on few channels (the detector's 7×7/2 on 3) it is larger than
/// L2, so im2col wrote it to memory and the GEMM's packing read it back and copied it once more. Here a task's panels
/// (about <see cref="TaskFloats"/>) stay in L2 from the gather to the multiply. Taken for ungrouped float convs whose
/// im2col is not the image itself and with enough filters to fill the micro-tiles' rows.
/// </summary>
internal static unsafe class PackedColumnConv2d
{
    /// <summary>Fewest filters: the micro-tile has 12 rows; fewer leave most of it empty (SRCNN's 32 → 1 keeps the GEMM's own path).</summary>
    private const int MinimumFilters = 16;

    /// <summary>Floats of panels per task: 512 KB, a quarter of this machine's L2.</summary>
    private const long TaskFloats = 1L << 17;

    /// <summary>
    /// Also wants output rows at least a panel wide, maps of 4+ panels and a task for every worker: narrower rows cut
    /// every panel into short runs (SRCNN's 25-wide maps gathered slower than im2col wrote them), smaller maps
    /// (ResNet's 4×4 and 8×8 ones) go faster with several images side by side in one wide GEMM, and a lone small
    /// image with the GEMM itself split over the workers.
    /// </summary>
    public static bool Applies<T>(Conv2dGeometry g)
        => typeof(T) == typeof(float) && g.Groups == 1 && g.OutChannels >= MinimumFilters && !Conv2dKernels.IsIdentityIm2Col(g)
           && g.OutW >= Gemm.PackedPanelWidth && g.OutH * g.OutW >= 4 * Gemm.PackedPanelWidth && Tasks(g).Count >= CpuParallel.Workers;

    // panels of positions per image and per task, and tasks in all
    private static (int PanelsPerImage, int PanelsPerTask, long Count) Tasks(Conv2dGeometry g)
    {
        int nr = Gemm.PackedPanelWidth, panelsPerImage = (g.OutH * g.OutW + nr - 1) / nr;
        int panelsPerTask = (int)Math.Clamp(TaskFloats / ((long)g.ColRows * nr), 1, panelsPerImage);
        return (panelsPerImage, panelsPerTask, (long)g.N * ((panelsPerImage + panelsPerTask - 1) / panelsPerTask));
    }

    // x: (N, C, H, W), weight: (K, C, KH, KW), bias: (K) or empty → y: (N, K, OH, OW)
    public static void Forward(Conv2dGeometry g, ReadOnlySpan<float> x, ReadOnlySpan<float> weight, ReadOnlySpan<float> bias, Span<float> y)
    {
        int k = g.OutChannels, rows = g.ColRows, ohw = g.OutH * g.OutW, nr = Gemm.PackedPanelWidth;
        var (panelsPerImage, panelsPerTask, _) = Tasks(g);
        int tasksPerImage = (panelsPerImage + panelsPerTask - 1) / panelsPerTask;
        var packed = ArrayPool<float>.Shared.Rent((int)Gemm.PackedALength(k, rows));
        try
        {
            fixed (float* px = x, pw = weight, pb = bias, py = y, pa = packed)
            {
                Gemm.PackA(pw, rows, k, rows, pa);
                nint xAddr = (nint)px, yAddr = (nint)py, aAddr = (nint)pa, bAddr = bias.IsEmpty ? 0 : (nint)pb;
                CpuParallel.For((long)g.N * tasksPerImage, (long)k * rows * panelsPerTask * nr, (start, end) =>
                {
                    var panels = ThreadScratch.Get<float>(ThreadScratch.Columns, (long)rows * nr * panelsPerTask);
                    var edge = ThreadScratch.Get<float>(ThreadScratch.Staging, (long)k * nr);
                    for (long task = start; task < end; task++)
                    {
                        int n = (int)(task / tasksPerImage), first = (int)(task % tasksPerImage) * panelsPerTask;
                        int count = Math.Min(panelsPerTask, panelsPerImage - first);
                        float* image = (float*)xAddr + (long)n * g.InputPerImage;
                        for (int panel = 0; panel < count; panel++)
                        {
                            Gather(g, image, (first + panel) * nr, nr, panels.Pointer + (long)panel * rows * nr);
                        }

                        // whole panels straight into y; a last panel past the image's positions through a staging tile
                        float* output = (float*)yAddr + (long)n * k * ohw;
                        int whole = Math.Min(count, ohw / nr - first);
                        if (whole > 0)
                        {
                            Gemm.MultiplyPacked(k, whole, rows, (float*)aAddr, panels.Pointer, output + (long)first * nr, ohw);
                        }

                        if (whole < count)
                        {
                            int p0 = (first + whole) * nr, valid = ohw - p0;
                            Gemm.MultiplyPacked(k, 1, rows, (float*)aAddr, panels.Pointer + (long)whole * rows * nr, edge.Pointer, nr);
                            for (int f = 0; f < k; f++)
                            {
                                new Span<float>(edge.Pointer + (long)f * nr, valid).CopyTo(new Span<float>(output + (long)f * ohw + p0, valid));
                            }
                        }

                        if (bAddr != 0)
                        {
                            int p0 = first * nr, columns = Math.Min(count * nr, ohw - p0);
                            for (int f = 0; f < k; f++)
                            {
                                var run = new Span<float>(output + (long)f * ohw + p0, columns);
                                System.Numerics.Tensors.TensorPrimitives.Add(run, ((float*)bAddr)[f], run);
                            }
                        }
                    }
                });
            }
        }
        finally
        {
            ArrayPool<float>.Shared.Return(packed);
        }
    }

    // One panel: output positions [p0, p0 + nr) of an image (C, H, W) → panel[r][q], r = (c·KH + i)·KW + j, the input
    // the tap r of position p0 + q reads, 0 on the padding and past the image's last position.
    private static void Gather(Conv2dGeometry g, float* image, int p0, int nr, float* panel)
    {
        int rows = g.ColRows, plane = g.InH * g.InW, ohw = g.OutH * g.OutW, sW = g.StrideW;
        int taps = g.KernelH * g.KernelW;
        for (int q0 = 0; q0 < nr;)
        {
            int p = p0 + q0;
            if (p >= ohw)
            {
                for (int r = 0; r < rows; r++)
                {
                    new Span<float>(panel + (long)r * nr + q0, nr - q0).Clear();
                }

                break;
            }

            // the segment of this panel on output row oh: columns [ow0, ow1) at q0 ..
            int oh = p / g.OutW, ow0 = p % g.OutW, ow1 = Math.Min(g.OutW, ow0 + (nr - q0));
            for (int i = 0; i < g.KernelH; i++)
            {
                int ih = oh * g.StrideH - g.PadH + i * g.DilationH;
                for (int j = 0; j < g.KernelW; j++)
                {
                    var (lo, hi) = ConvGeometry.ValidOutputRange(g.OutW, g.InW, sW, g.PadW, j * g.DilationW);
                    lo = Math.Clamp(lo, ow0, ow1);
                    hi = Math.Clamp(hi, lo, ow1);
                    if ((uint)ih >= (uint)g.InH)
                    {
                        lo = hi = ow1; // the whole segment on the padding
                    }

                    int shift = ih * g.InW - g.PadW + j * g.DilationW;
                    for (int c = 0; c < g.InChannels; c++)
                    {
                        float* dst = panel + ((long)(c * taps) + (i * g.KernelW) + j) * nr + q0 - ow0;
                        float* src = image + (long)c * plane + shift;
                        for (int ow = ow0; ow < lo; ow++)
                        {
                            dst[ow] = 0;
                        }

                        GatherRun(src + (long)lo * sW, sW, dst + lo, hi - lo);

                        for (int ow = hi; ow < ow1; ow++)
                        {
                            dst[ow] = 0;
                        }
                    }
                }
            }

            q0 += ow1 - ow0;
        }
    }

    // dst[0 .. count) = src[0], src[stride], src[2·stride], ...: copied for stride 1, the even lanes of pairs of
    // vectors for stride 2 (the stems), one by one otherwise; nothing past src[(count - 1)·stride] is read
    private static void GatherRun(float* src, int stride, float* dst, int count)
    {
        int n = 0;
        if (stride == 1)
        {
            new ReadOnlySpan<float>(src, count).CopyTo(new Span<float>(dst, count));
            return;
        }

        if (stride == 2)
        {
            var evens = Vector256.Create(0, 2, 4, 6, 1, 3, 5, 7);
            for (; n + 9 <= count; n += 8)
            {
                var low = Vector256.Shuffle(Vector256.Load(src + (2 * n)), evens);
                var high = Vector256.Shuffle(Vector256.Load(src + (2 * n) + 8), evens);
                Vector256.Create(low.GetLower(), high.GetLower()).Store(dst + n);
            }
        }

        for (; n < count; n++)
        {
            dst[n] = src[(long)n * stride];
        }
    }
}
