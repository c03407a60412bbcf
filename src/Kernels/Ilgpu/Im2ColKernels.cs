using ILGPU;

namespace IlgpuNet.Kernels.Ilgpu;

/// <summary>
/// Unfold image patches into columns so a convolution is a GEMM (the device twin of Cpu.Im2Col, Caffe's layout):
///   image [N, C, H, W]  &lt;-&gt;  col [N, C*KH*KW, OH*OW]
///   conv2d forward:   y[n] = W[OC, C*KH*KW] @ col[n]                    (strided-batched GEMM, A broadcast)
///   conv2d backward:  dcol[n] = Wᵀ @ dy[n], dx = col2im(dcol);  dW = sum_n dy[n] @ col[n]ᵀ
///   conv_transpose2d: forward is conv2d's backward-input, backward-input is conv2d's forward
/// imageOffset (elements) selects the first image of a batch chunk within the image buffer.
/// </summary>
public static class Im2ColKernels
{
    /// <summary>col = im2col(image): one thread per column element; padding reads as 0.</summary>
    public static void Forward(ConvWindow g, ArrayView<float> image, long imageOffset, ArrayView<float> col)
    {
        long n = (long)g.N * g.C * g.KH * g.KW * g.OH * g.OW;
        for (long i = GridStride.First, step = GridStride.Step; i < n; i += step)
        {
            int ow = (int)(i % g.OW);
            int oh = (int)(i / g.OW % g.OH);
            long row = i / ((long)g.OW * g.OH);  // (n * C + c) * KH * KW + kh * KW + kw
            int kw = (int)(row % g.KW);
            int kh = (int)(row / g.KW % g.KH);
            long plane = row / ((long)g.KW * g.KH);  // n * C + c
            int ih = oh * g.StrideH - g.PadH + kh * g.DilationH;
            int iw = ow * g.StrideW - g.PadW + kw * g.DilationW;
            col[i] = ih >= 0 && ih < g.H && iw >= 0 && iw < g.W ? image[imageOffset + (plane * g.H + ih) * g.W + iw] : 0f;
        }
    }

    /// <summary>
    /// image = col2im(col), the adjoint of im2col: each pixel gathers (sums) every column entry read from it. Gathering
    /// instead of scattering needs no atomics and is deterministic; the image is overwritten.
    /// </summary>
    public static void Backward(ConvWindow g, ArrayView<float> col, ArrayView<float> image, long imageOffset)
    {
        long n = (long)g.N * g.C * g.H * g.W;
        for (long i = GridStride.First, step = GridStride.Step; i < n; i += step)
        {
            int iw = (int)(i % g.W);
            int ih = (int)(i / g.W % g.H);
            long plane = i / ((long)g.W * g.H);
            float sum = 0f;
            for (int kh = 0; kh < g.KH; kh++)
            {
                int y = ih + g.PadH - kh * g.DilationH;  // = oh * strideH
                if (y < 0 || y % g.StrideH != 0 || y / g.StrideH >= g.OH)
                {
                    continue;
                }

                for (int kw = 0; kw < g.KW; kw++)
                {
                    int x = iw + g.PadW - kw * g.DilationW;
                    if (x < 0 || x % g.StrideW != 0 || x / g.StrideW >= g.OW)
                    {
                        continue;
                    }

                    long row = (plane * g.KH + kh) * g.KW + kw;
                    sum += col[(row * g.OH + y / g.StrideH) * g.OW + x / g.StrideW];
                }
            }

            image[imageOffset + i] = sum;
        }
    }
}
