namespace IlgpuNet.Kernels.Cpu;

/// <summary>PyTorch's output-size formulas for convolution, transposed convolution and pooling.</summary>
public static class ConvGeometry
{
    /// <summary>Conv2d: floor((in + 2*pad - dil*(k-1) - 1) / stride) + 1.</summary>
    public static int ConvOutputSize(int input, int kernel, int stride, int padding, int dilation)
        => FloorDiv(input + 2 * padding - dilation * (kernel - 1) - 1, stride) + 1;

    /// <summary>ConvTranspose2d: (in-1)*stride - 2*pad + dil*(k-1) + output_padding + 1.</summary>
    public static int ConvTransposeOutputSize(int input, int kernel, int stride, int padding, int outputPadding, int dilation)
        => (input - 1) * stride - 2 * padding + dilation * (kernel - 1) + outputPadding + 1;

    /// <summary>
    /// Max/avg pool (ATen pooling_output_shape): floor or ceil of (in + 2*pad - dil*(k-1) - 1) / stride, plus 1;
    /// with ceil_mode the last window must start inside the input or the left padding, else it is dropped.
    /// </summary>
    public static int PoolOutputSize(int input, int kernel, int stride, int padding, int dilation, bool ceilMode)
    {
        int numerator = input + 2 * padding - dilation * (kernel - 1) - 1 + (ceilMode ? stride - 1 : 0);
        int output = FloorDiv(numerator, stride) + 1;
        if (ceilMode && (output - 1) * stride >= input + padding)
        {
            output--;
        }

        return output;
    }

    /// <summary>Adaptive pooling window of output index i: [floor(i*in/out), ceil((i+1)*in/out)).</summary>
    public static (int Start, int End) AdaptiveWindow(int i, int input, int output)
    {
        int start = (int)((long)i * input / output);
        int end = (int)(((long)(i + 1) * input + output - 1) / output);
        return (start, end);
    }

    /// <summary>
    /// Output positions o in [0, outSize) whose input coordinate o*stride - pad + offset lies in [0, inSize),
    /// as the half-open range [lo, hi). Used to skip padding without a branch per element.
    /// </summary>
    public static (int Lo, int Hi) ValidOutputRange(int outSize, int inSize, int stride, int pad, int offset)
    {
        int shift = offset - pad; // input = o*stride + shift
        int lo = shift >= 0 ? 0 : CeilDiv(-shift, stride);
        int last = inSize - 1 - shift; // o*stride <= last
        int hi = last < 0 ? 0 : last / stride + 1;
        lo = Math.Min(lo, outSize);
        hi = Math.Clamp(hi, lo, outSize);
        return (lo, hi);
    }

    internal static int FloorDiv(int a, int b) => a >= 0 ? a / b : -((-a + b - 1) / b);

    internal static int CeilDiv(int a, int b) => (a + b - 1) / b;
}
