using ILGPU;
using ILGPU.Algorithms;

namespace IlgpuNet.Kernels.Ilgpu;

/// <summary>
/// Nearest and bilinear resampling x [N, C, H, W] -> y [N, C, OH, OW] with torch's source-index formulas (the device
/// twin of Cpu.UpsampleKernels). The host passes the float scale per axis: in/out when a size was given,
/// 1/scale_factor when one was, (in-1)/(out-1) (0 when out == 1) for align_corners. Backward scatters into a dx the
/// host has zeroed, with atomic adds.
/// </summary>
public static class UpsampleKernels
{
    public static void NearestForward(PoolWindow g, ArrayView<float> x, ArrayView<float> y, float scaleH, float scaleW)
    {
        long n = g.OutputLength;
        for (long i = GridStride.First, step = GridStride.Step; i < n; i += step)
        {
            int ow = (int)(i % g.OW), oh = (int)(i / g.OW % g.OH);
            long plane = i / ((long)g.OW * g.OH);
            y[i] = x[(plane * g.H + NearestSource(oh, g.H, g.OH, scaleH)) * g.W + NearestSource(ow, g.W, g.OW, scaleW)];
        }
    }

    public static void NearestBackward(PoolWindow g, ArrayView<float> dy, ArrayView<float> dx, float scaleH, float scaleW)
    {
        long n = g.OutputLength;
        for (long i = GridStride.First, step = GridStride.Step; i < n; i += step)
        {
            int ow = (int)(i % g.OW), oh = (int)(i / g.OW % g.OH);
            long plane = i / ((long)g.OW * g.OH);
            Atomic.Add(ref dx[(plane * g.H + NearestSource(oh, g.H, g.OH, scaleH)) * g.W + NearestSource(ow, g.W, g.OW, scaleW)], dy[i]);
        }
    }

    public static void BilinearForward(PoolWindow g, ArrayView<float> x, ArrayView<float> y, float scaleH, float scaleW, int alignCorners)
    {
        long n = g.OutputLength;
        for (long i = GridStride.First, step = GridStride.Step; i < n; i += step)
        {
            var (plane, y0, y1, ly, x0, x1, lx) = BilinearTaps(g, i, scaleH, scaleW, alignCorners);
            y[i] = (1f - ly) * ((1f - lx) * x[plane + y0 * g.W + x0] + lx * x[plane + y0 * g.W + x1])
                + ly * ((1f - lx) * x[plane + y1 * g.W + x0] + lx * x[plane + y1 * g.W + x1]);
        }
    }

    public static void BilinearBackward(PoolWindow g, ArrayView<float> dy, ArrayView<float> dx, float scaleH, float scaleW, int alignCorners)
    {
        long n = g.OutputLength;
        for (long i = GridStride.First, step = GridStride.Step; i < n; i += step)
        {
            var (plane, y0, y1, ly, x0, x1, lx) = BilinearTaps(g, i, scaleH, scaleW, alignCorners);
            float grad = dy[i];
            Atomic.Add(ref dx[plane + y0 * g.W + x0], (1f - ly) * (1f - lx) * grad);
            Atomic.Add(ref dx[plane + y0 * g.W + x1], (1f - ly) * lx * grad);
            Atomic.Add(ref dx[plane + y1 * g.W + x0], ly * (1f - lx) * grad);
            Atomic.Add(ref dx[plane + y1 * g.W + x1], ly * lx * grad);
        }
    }

    // torch's nearest: src = min(floor(dst * scale), in - 1), with its two exact shortcuts
    private static int NearestSource(int dst, int input, int output, float scale)
    {
        if (output == input)
        {
            return dst;
        }

        if (output == 2 * input)
        {
            return dst >> 1;
        }

        int s = (int)XMath.Floor(dst * scale);
        return s < input - 1 ? s : input - 1;
    }

    // output element i's input plane (first element) and its two taps and second-tap weight along each axis
    private static (long Plane, int Y0, int Y1, float Ly, int X0, int X1, float Lx) BilinearTaps(PoolWindow g, long i, float scaleH,
        float scaleW, int alignCorners)
    {
        int ow = (int)(i % g.OW), oh = (int)(i / g.OW % g.OH);
        var (y0, y1, ly) = LinearTaps(oh, g.H, scaleH, alignCorners);
        var (x0, x1, lx) = LinearTaps(ow, g.W, scaleW, alignCorners);
        return (i / ((long)g.OW * g.OH) * g.H * g.W, y0, y1, ly, x0, x1, lx);
    }

    // the two taps along one axis and the weight of the second (torch's area_pixel_compute_source_index)
    private static (int I0, int I1, float Lambda) LinearTaps(int dst, int input, float scale, int alignCorners)
    {
        float src = alignCorners != 0 ? scale * dst : scale * (dst + 0.5f) - 0.5f;
        if (alignCorners == 0 && src < 0f)
        {
            src = 0f;
        }

        int f = (int)XMath.Floor(src);
        int i0 = f < input - 1 ? f : input - 1;
        int i1 = i0 + (i0 < input - 1 ? 1 : 0);
        float lambda = src - i0;
        return (i0, i1, lambda < 0f ? 0f : lambda > 1f ? 1f : lambda);
    }
}
