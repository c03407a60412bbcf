using ILGPU;

namespace IlgpuNet.Kernels.Ilgpu;

/// <summary>
/// max_pool2d x [N, C, H, W] -> y [N, C, OH, OW] (the device twin of Cpu.MaxPool2dKernels); OH/OW from the host's
/// geometry (torch's formula, ceil_mode included). indices hold ih * W + iw of each window's max (NaN wins), as torch.
/// Backward gathers over the windows that contain each input pixel: no atomics, deterministic.
/// </summary>
public static class MaxPool2dKernels
{
    public static void Forward(PoolWindow g, ArrayView<float> x, ArrayView<float> y, ArrayView<long> indices)
    {
        long n = g.OutputLength;
        for (long i = GridStride.First, step = GridStride.Step; i < n; i += step)
        {
            int ow = (int)(i % g.OW), oh = (int)(i / g.OW % g.OH);
            long plane = i / ((long)g.OW * g.OH) * g.H * g.W;
            float best = float.NegativeInfinity;
            long bestIndex = -1;
            for (int kh = 0; kh < g.KH; kh++)
            {
                int ih = oh * g.StrideH - g.PadH + kh * g.DilationH;
                if (ih < 0 || ih >= g.H)
                {
                    continue;
                }

                for (int kw = 0; kw < g.KW; kw++)
                {
                    int iw = ow * g.StrideW - g.PadW + kw * g.DilationW;
                    if (iw < 0 || iw >= g.W)
                    {
                        continue;
                    }

                    float v = x[plane + ih * g.W + iw];
                    if (bestIndex < 0 || v > best || (DeviceMath.IsNaN(v) && !DeviceMath.IsNaN(best)))
                    {
                        best = v;
                        bestIndex = ih * g.W + iw;
                    }
                }
            }

            y[i] = best;
            indices[i] = bestIndex;
        }
    }

    public static void Backward(PoolWindow g, ArrayView<float> dy, ArrayView<long> indices, ArrayView<float> dx)
    {
        long n = g.InputLength;
        for (long i = GridStride.First, step = GridStride.Step; i < n; i += step)
        {
            int iw = (int)(i % g.W), ih = (int)(i / g.W % g.H);
            long plane = i / ((long)g.W * g.H);
            long me = (long)ih * g.W + iw;
            float sum = 0f;
            for (int kh = 0; kh < g.KH; kh++)
            {
                int yy = ih + g.PadH - kh * g.DilationH;
                if (yy < 0 || yy % g.StrideH != 0 || yy / g.StrideH >= g.OH)
                {
                    continue;
                }

                for (int kw = 0; kw < g.KW; kw++)
                {
                    int xx = iw + g.PadW - kw * g.DilationW;
                    if (xx < 0 || xx % g.StrideW != 0 || xx / g.StrideW >= g.OW)
                    {
                        continue;
                    }

                    long o = (plane * g.OH + yy / g.StrideH) * g.OW + xx / g.StrideW;
                    if (indices[o] == me)
                    {
                        sum += dy[o];
                    }
                }
            }

            dx[i] = sum;
        }
    }
}
