using ILGPU;

namespace IlgpuNet.Kernels.Ilgpu;

/// <summary>
/// avg_pool2d x [N, C, H, W] -> y [N, C, OH, OW] (the device twin of Cpu.AvgPool2dKernels). The divisor is torch's:
/// divisorOverride when &gt; 0, else the window clipped to the padded input (countIncludePad != 0) or to the input; a
/// window without input elements gives 0. Backward gathers, as max pooling's.
/// </summary>
public static class AvgPool2dKernels
{
    public static void Forward(PoolWindow g, ArrayView<float> x, ArrayView<float> y, int countIncludePad, int divisorOverride)
    {
        long n = g.OutputLength;
        for (long i = GridStride.First, step = GridStride.Step; i < n; i += step)
        {
            int ow = (int)(i % g.OW), oh = (int)(i / g.OW % g.OH);
            long plane = i / ((long)g.OW * g.OH) * g.H * g.W;
            float sum = 0f;
            for (int kh = 0; kh < g.KH; kh++)
            {
                int ih = oh * g.StrideH - g.PadH + kh;
                if (ih < 0 || ih >= g.H)
                {
                    continue;
                }

                for (int kw = 0; kw < g.KW; kw++)
                {
                    int iw = ow * g.StrideW - g.PadW + kw;
                    if (iw >= 0 && iw < g.W)
                    {
                        sum += x[plane + ih * g.W + iw];
                    }
                }
            }

            int divisor = Divisor(g, oh, ow, countIncludePad, divisorOverride);
            y[i] = divisor > 0 ? sum / divisor : 0f;
        }
    }

    public static void Backward(PoolWindow g, ArrayView<float> dy, ArrayView<float> dx, int countIncludePad, int divisorOverride)
    {
        long n = g.InputLength;
        for (long i = GridStride.First, step = GridStride.Step; i < n; i += step)
        {
            int iw = (int)(i % g.W), ih = (int)(i / g.W % g.H);
            long plane = i / ((long)g.W * g.H);
            float sum = 0f;
            for (int kh = 0; kh < g.KH; kh++)
            {
                int yy = ih + g.PadH - kh;
                if (yy < 0 || yy % g.StrideH != 0 || yy / g.StrideH >= g.OH)
                {
                    continue;
                }

                for (int kw = 0; kw < g.KW; kw++)
                {
                    int xx = iw + g.PadW - kw;
                    if (xx < 0 || xx % g.StrideW != 0 || xx / g.StrideW >= g.OW)
                    {
                        continue;
                    }

                    int oh = yy / g.StrideH, ow = xx / g.StrideW;
                    int divisor = Divisor(g, oh, ow, countIncludePad, divisorOverride);
                    if (divisor > 0)
                    {
                        sum += dy[(plane * g.OH + oh) * g.OW + ow] / divisor;
                    }
                }
            }

            dx[i] = sum;
        }
    }

    private static int Divisor(PoolWindow g, int oh, int ow, int countIncludePad, int divisorOverride)
    {
        if (divisorOverride > 0)
        {
            return divisorOverride;
        }

        int h0 = oh * g.StrideH - g.PadH, w0 = ow * g.StrideW - g.PadW;
        int h1 = Min(h0 + g.KH, g.H + g.PadH), w1 = Min(w0 + g.KW, g.W + g.PadW);
        if (countIncludePad != 0)
        {
            return (h1 - h0) * (w1 - w0);
        }

        h0 = Max(h0, 0);
        w0 = Max(w0, 0);
        h1 = Min(h1, g.H);
        w1 = Min(w1, g.W);
        return h1 > h0 && w1 > w0 ? (h1 - h0) * (w1 - w0) : 0;
    }

    private static int Min(int a, int b) => a < b ? a : b;

    private static int Max(int a, int b) => a > b ? a : b;
}
