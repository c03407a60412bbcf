using ILGPU;

namespace IlgpuNet.Kernels.Ilgpu;

/// <summary>
/// adaptive_avg_pool2d / adaptive_max_pool2d x [N, C, H, W] -> y [N, C, OH, OW] (the device twin of
/// Cpu.AdaptivePool2dKernels): output cell (oh, ow) covers rows [floor(oh H / OH), ceil((oh + 1) H / OH)) and likewise
/// columns (ConvGeometry.AdaptiveWindow). Max records the flat ih * W + iw index (NaN wins). Backward gathers.
/// </summary>
public static class AdaptivePool2dKernels
{
    public static void AvgForward(PoolWindow g, ArrayView<float> x, ArrayView<float> y) => Forward(g, x, y, default, takeMax: false);

    public static void MaxForward(PoolWindow g, ArrayView<float> x, ArrayView<float> y, ArrayView<long> indices) => Forward(g, x, y, indices, takeMax: true);

    public static void AvgBackward(PoolWindow g, ArrayView<float> dy, ArrayView<float> dx) => Backward(g, dy, default, dx, takeMax: false);

    public static void MaxBackward(PoolWindow g, ArrayView<float> dy, ArrayView<long> indices, ArrayView<float> dx) => Backward(g, dy, indices, dx, takeMax: true);

    private static void Forward(PoolWindow g, ArrayView<float> x, ArrayView<float> y, ArrayView<long> indices, bool takeMax)
    {
        long n = g.OutputLength;
        for (long i = GridStride.First, step = GridStride.Step; i < n; i += step)
        {
            int ow = (int)(i % g.OW), oh = (int)(i / g.OW % g.OH);
            long plane = i / ((long)g.OW * g.OH) * g.H * g.W;
            int h0 = Start(oh, g.H, g.OH), h1 = End(oh, g.H, g.OH);
            int w0 = Start(ow, g.W, g.OW), w1 = End(ow, g.W, g.OW);
            float acc = takeMax ? float.NegativeInfinity : 0f;
            long best = (long)h0 * g.W + w0;
            for (int ih = h0; ih < h1; ih++)
            {
                for (int iw = w0; iw < w1; iw++)
                {
                    float v = x[plane + ih * g.W + iw];
                    if (!takeMax)
                    {
                        acc += v;
                    }
                    else if (v > acc || DeviceMath.IsNaN(v))
                    {
                        acc = v;
                        best = (long)ih * g.W + iw;
                    }
                }
            }

            y[i] = takeMax ? acc : acc / ((h1 - h0) * (w1 - w0));
            if (takeMax)
            {
                indices[i] = best;
            }
        }
    }

    private static void Backward(PoolWindow g, ArrayView<float> dy, ArrayView<long> indices, ArrayView<float> dx, bool takeMax)
    {
        long n = g.InputLength;
        for (long i = GridStride.First, step = GridStride.Step; i < n; i += step)
        {
            int iw = (int)(i % g.W), ih = (int)(i / g.W % g.H);
            long plane = i / ((long)g.W * g.H);
            long me = (long)ih * g.W + iw;
            // candidate windows: the ones that can contain ih (membership checked exactly below)
            int ohEnd = End(ih, g.OH, g.H), owEnd = End(iw, g.OW, g.W);
            float sum = 0f;
            for (int oh = Start(ih, g.OH, g.H); oh < ohEnd && oh < g.OH; oh++)
            {
                int h0 = Start(oh, g.H, g.OH), h1 = End(oh, g.H, g.OH);
                if (ih < h0 || ih >= h1)
                {
                    continue;
                }

                for (int ow = Start(iw, g.OW, g.W); ow < owEnd && ow < g.OW; ow++)
                {
                    int w0 = Start(ow, g.W, g.OW), w1 = End(ow, g.W, g.OW);
                    if (iw < w0 || iw >= w1)
                    {
                        continue;
                    }

                    long o = (plane * g.OH + oh) * g.OW + ow;
                    if (!takeMax)
                    {
                        sum += dy[o] / ((h1 - h0) * (w1 - w0));
                    }
                    else if (indices[o] == me)
                    {
                        sum += dy[o];
                    }
                }
            }

            dx[i] = sum;
        }
    }

    private static int Start(int o, int input, int output) => (int)((long)o * input / output);

    private static int End(int o, int input, int output) => (int)(((long)(o + 1) * input + output - 1) / output);
}
