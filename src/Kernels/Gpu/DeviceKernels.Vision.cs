namespace IlgpuNet.Kernels.Gpu;

/// <summary>Convolution (im2col + GEMM), batch norm, pooling, upsampling, and NeRF volume rendering.</summary>
public sealed partial class DeviceKernels
{
    // ------------------------------------------------------------------ im2col.cu

    /// <summary>col [N, C*KH*KW, OH*OW] from inp [N, C, H, W] starting at element <paramref name="inputOffset"/>.</summary>
    public void Im2Col(DeviceBuffer col, DeviceBuffer input, int n, int c, int h, int w, int kh, int kw,
        int padH, int padW, int strideH, int strideW, int dilationH, int dilationW, int oh, int ow, long inputOffset = 0)
        => Launch1D("im2col.cu", "im2col", (long)n * c * kh * kw * oh * ow,
            [KernelArg.Of(col), KernelArg.Of(input), KernelArg.Long(inputOffset),
             .. ConvArgs(n, c, h, w, kh, kw, padH, padW, strideH, strideW, dilationH, dilationW, oh, ow)]);

    /// <summary>inp [N, C, H, W] (from element <paramref name="inputOffset"/>) = adjoint of im2col applied to col (overwrites, sums overlapping patches).</summary>
    public void Col2Im(DeviceBuffer input, DeviceBuffer col, int n, int c, int h, int w, int kh, int kw,
        int padH, int padW, int strideH, int strideW, int dilationH, int dilationW, int oh, int ow, long inputOffset = 0)
        => Launch1D("im2col.cu", "col2im", (long)n * c * h * w,
            [KernelArg.Of(input), KernelArg.Long(inputOffset), KernelArg.Of(col),
             .. ConvArgs(n, c, h, w, kh, kw, padH, padW, strideH, strideW, dilationH, dilationW, oh, ow)]);

    private static KernelArg[] ConvArgs(int n, int c, int h, int w, int kh, int kw,
        int padH, int padW, int strideH, int strideW, int dilationH, int dilationW, int oh, int ow) =>
        [KernelArg.Int(n), KernelArg.Int(c), KernelArg.Int(h), KernelArg.Int(w),
         KernelArg.Int(kh), KernelArg.Int(kw), KernelArg.Int(padH), KernelArg.Int(padW), KernelArg.Int(strideH), KernelArg.Int(strideW),
         KernelArg.Int(dilationH), KernelArg.Int(dilationW), KernelArg.Int(oh), KernelArg.Int(ow)];

    // ------------------------------------------------------------------ batchnorm.cu ([N, C, HW])

    public void BatchNormForwardTrain(DeviceBuffer output, DeviceBuffer saveMean, DeviceBuffer saveInvstd,
        DeviceBuffer? runningMean, DeviceBuffer? runningVar, DeviceBuffer input, DeviceBuffer? weight, DeviceBuffer? bias,
        int n, int c, int hw, float momentum = 0.1f, float eps = 1e-5f)
        => Backend.Launch("batchnorm.cu", "batchnorm_forward_train", new Dim3(c), new Dim3(Threads),
            [KernelArg.Of(output), KernelArg.Of(saveMean), KernelArg.Of(saveInvstd), KernelArg.Of(runningMean), KernelArg.Of(runningVar),
             KernelArg.Of(input), KernelArg.Of(weight), KernelArg.Of(bias), KernelArg.Int(n), KernelArg.Int(c), KernelArg.Int(hw),
             KernelArg.Float(momentum), KernelArg.Float(eps)]);

    public void BatchNormForwardEval(DeviceBuffer output, DeviceBuffer input, DeviceBuffer runningMean, DeviceBuffer runningVar,
        DeviceBuffer? weight, DeviceBuffer? bias, int n, int c, int hw, float eps = 1e-5f)
        => Launch1D("batchnorm.cu", "batchnorm_forward_eval", (long)n * c * hw,
            [KernelArg.Of(output), KernelArg.Of(input), KernelArg.Of(runningMean), KernelArg.Of(runningVar), KernelArg.Of(weight),
             KernelArg.Of(bias), KernelArg.Int(n), KernelArg.Int(c), KernelArg.Int(hw), KernelArg.Float(eps)]);

    /// <summary>
    /// Backward through batch statistics (<paramref name="batchStats"/>, the training forward) or through fixed running
    /// statistics (eval); saveMean/saveInvstd are the mean and 1/sqrt(var + eps) the forward used. Any gradient may be null.
    /// </summary>
    public void BatchNormBackward(DeviceBuffer? gradInput, DeviceBuffer? gradWeight, DeviceBuffer? gradBias, DeviceBuffer gradOutput,
        DeviceBuffer input, DeviceBuffer? weight, DeviceBuffer saveMean, DeviceBuffer saveInvstd, int n, int c, int hw, bool batchStats = true)
        => Backend.Launch("batchnorm.cu", "batchnorm_backward", new Dim3(c), new Dim3(Threads),
            [KernelArg.Of(gradInput), KernelArg.Of(gradWeight), KernelArg.Of(gradBias), KernelArg.Of(gradOutput), KernelArg.Of(input),
             KernelArg.Of(weight), KernelArg.Of(saveMean), KernelArg.Of(saveInvstd), KernelArg.Int(n), KernelArg.Int(c), KernelArg.Int(hw),
             KernelArg.Int(batchStats)]);

    // ------------------------------------------------------------------ pool.cu

    /// <summary>indices (Int64) hold ih * W + iw of each window's max, as torch.</summary>
    public void MaxPool2dForward(DeviceBuffer output, DeviceBuffer indices, DeviceBuffer input, int n, int c, int h, int w,
        int oh, int ow, int kh, int kw, int strideH, int strideW, int padH, int padW, int dilationH = 1, int dilationW = 1)
        => Launch1D("pool.cu", "maxpool2d_forward", (long)n * c * oh * ow,
            [KernelArg.Of(output), KernelArg.Of(indices), KernelArg.Of(input), .. PoolArgs(n, c, h, w, oh, ow, kh, kw, strideH, strideW, padH, padW),
             KernelArg.Int(dilationH), KernelArg.Int(dilationW)]);

    public void MaxPool2dBackward(DeviceBuffer gradInput, DeviceBuffer gradOutput, DeviceBuffer indices, int n, int c, int h, int w,
        int oh, int ow, int kh, int kw, int strideH, int strideW, int padH, int padW, int dilationH = 1, int dilationW = 1)
        => Launch1D("pool.cu", "maxpool2d_backward", (long)n * c * h * w,
            [KernelArg.Of(gradInput), KernelArg.Of(gradOutput), KernelArg.Of(indices), .. PoolArgs(n, c, h, w, oh, ow, kh, kw, strideH, strideW, padH, padW),
             KernelArg.Int(dilationH), KernelArg.Int(dilationW)]);

    public void AvgPool2dForward(DeviceBuffer output, DeviceBuffer input, int n, int c, int h, int w, int oh, int ow,
        int kh, int kw, int strideH, int strideW, int padH, int padW, bool countIncludePad = true, int? divisorOverride = null)
        => Launch1D("pool.cu", "avgpool2d_forward", (long)n * c * oh * ow,
            [KernelArg.Of(output), KernelArg.Of(input), .. PoolArgs(n, c, h, w, oh, ow, kh, kw, strideH, strideW, padH, padW), KernelArg.Int(countIncludePad),
             KernelArg.Int(divisorOverride ?? 0)]);

    public void AvgPool2dBackward(DeviceBuffer gradInput, DeviceBuffer gradOutput, int n, int c, int h, int w, int oh, int ow,
        int kh, int kw, int strideH, int strideW, int padH, int padW, bool countIncludePad = true, int? divisorOverride = null)
        => Launch1D("pool.cu", "avgpool2d_backward", (long)n * c * h * w,
            [KernelArg.Of(gradInput), KernelArg.Of(gradOutput), .. PoolArgs(n, c, h, w, oh, ow, kh, kw, strideH, strideW, padH, padW), KernelArg.Int(countIncludePad),
             KernelArg.Int(divisorOverride ?? 0)]);

    /// <summary>adaptive_avg_pool2d, or adaptive_max_pool2d with Int64 flat ih * W + iw indices when <paramref name="indices"/> is given.</summary>
    public void AdaptivePool2dForward(DeviceBuffer output, DeviceBuffer? indices, DeviceBuffer input, int n, int c, int h, int w, int oh, int ow)
        => Launch1D("pool.cu", "adaptive_pool2d_forward", (long)n * c * oh * ow,
            [KernelArg.Of(output), KernelArg.Of(indices), KernelArg.Of(input), .. SizeArgs(n, c, h, w, oh, ow), KernelArg.Int(indices != null)]);

    public void AdaptivePool2dBackward(DeviceBuffer gradInput, DeviceBuffer gradOutput, DeviceBuffer? indices, int n, int c, int h, int w, int oh, int ow)
        => Launch1D("pool.cu", "adaptive_pool2d_backward", (long)n * c * h * w,
            [KernelArg.Of(gradInput), KernelArg.Of(gradOutput), KernelArg.Of(indices), .. SizeArgs(n, c, h, w, oh, ow), KernelArg.Int(indices != null)]);

    private static KernelArg[] PoolArgs(int n, int c, int h, int w, int oh, int ow, int kh, int kw, int strideH, int strideW, int padH, int padW) =>
        [KernelArg.Int(n), KernelArg.Int(c), KernelArg.Int(h), KernelArg.Int(w), KernelArg.Int(oh), KernelArg.Int(ow), KernelArg.Int(kh),
         KernelArg.Int(kw), KernelArg.Int(strideH), KernelArg.Int(strideW), KernelArg.Int(padH), KernelArg.Int(padW)];

    // ------------------------------------------------------------------ upsample.cu
    // scaleH/scaleW: the float source-index scale per axis (Cpu.UpsampleKernels: in/out, 1/scale_factor, or
    // (in-1)/(out-1) for align_corners); null computes in/out (align_corners: (in-1)/(out-1)).

    public void UpsampleNearest2dForward(DeviceBuffer output, DeviceBuffer input, int n, int c, int h, int w, int oh, int ow,
        float? scaleH = null, float? scaleW = null)
        => Launch1D("upsample.cu", "upsample_nearest2d_forward", (long)n * c * oh * ow,
            [KernelArg.Of(output), KernelArg.Of(input), .. SizeArgs(n, c, h, w, oh, ow),
             KernelArg.Float(scaleH ?? (float)h / oh), KernelArg.Float(scaleW ?? (float)w / ow)]);

    /// <summary>Zero-fills gradInput, then scatters gradOutput into it.</summary>
    public void UpsampleNearest2dBackward(DeviceBuffer gradInput, DeviceBuffer gradOutput, int n, int c, int h, int w, int oh, int ow,
        float? scaleH = null, float? scaleW = null)
    {
        Fill(gradInput, 0f);
        Launch1D("upsample.cu", "upsample_nearest2d_backward", (long)n * c * oh * ow,
            [KernelArg.Of(gradInput), KernelArg.Of(gradOutput), .. SizeArgs(n, c, h, w, oh, ow),
             KernelArg.Float(scaleH ?? (float)h / oh), KernelArg.Float(scaleW ?? (float)w / ow)]);
    }

    public void UpsampleBilinear2dForward(DeviceBuffer output, DeviceBuffer input, int n, int c, int h, int w, int oh, int ow, bool alignCorners,
        float? scaleH = null, float? scaleW = null)
        => Launch1D("upsample.cu", "upsample_bilinear2d_forward", (long)n * c * oh * ow,
            [KernelArg.Of(output), KernelArg.Of(input), .. SizeArgs(n, c, h, w, oh, ow),
             KernelArg.Float(scaleH ?? LinearScale(h, oh, alignCorners)), KernelArg.Float(scaleW ?? LinearScale(w, ow, alignCorners)),
             KernelArg.Int(alignCorners)]);

    /// <summary>Zero-fills gradInput, then scatters gradOutput into it with atomic adds.</summary>
    public void UpsampleBilinear2dBackward(DeviceBuffer gradInput, DeviceBuffer gradOutput, int n, int c, int h, int w, int oh, int ow, bool alignCorners,
        float? scaleH = null, float? scaleW = null)
    {
        Fill(gradInput, 0f);
        Launch1D("upsample.cu", "upsample_bilinear2d_backward", (long)n * c * oh * ow,
            [KernelArg.Of(gradInput), KernelArg.Of(gradOutput), .. SizeArgs(n, c, h, w, oh, ow),
             KernelArg.Float(scaleH ?? LinearScale(h, oh, alignCorners)), KernelArg.Float(scaleW ?? LinearScale(w, ow, alignCorners)),
             KernelArg.Int(alignCorners)]);
    }

    private static float LinearScale(int input, int output, bool alignCorners)
        => alignCorners ? (output > 1 ? (float)(input - 1) / (output - 1) : 0f) : (float)input / output;

    private static KernelArg[] SizeArgs(int n, int c, int h, int w, int oh, int ow) =>
        [KernelArg.Int(n), KernelArg.Int(c), KernelArg.Int(h), KernelArg.Int(w), KernelArg.Int(oh), KernelArg.Int(ow)];

    // ------------------------------------------------------------------ volume_render.cu

    /// <summary>sigma, t, delta [R, S]; rgb [R, S, 3] -> output [R, 5] = (color r, g, b, depth, opacity), weights [R, S] (saved).</summary>
    public void VolumeRenderForward(DeviceBuffer output, DeviceBuffer weights, DeviceBuffer sigma, DeviceBuffer rgb, DeviceBuffer t,
        DeviceBuffer delta, int rays, int samples)
        => LaunchPerItem("volume_render.cu", "volume_render_forward", rays,
            [KernelArg.Of(output), KernelArg.Of(weights), KernelArg.Of(sigma), KernelArg.Of(rgb), KernelArg.Of(t), KernelArg.Of(delta),
             KernelArg.Int(rays), KernelArg.Int(samples)]);

    /// <summary>dsigma [R, S] and drgb [R, S, 3] from the gradient of the packed output [R, 5].</summary>
    public void VolumeRenderBackward(DeviceBuffer gradSigma, DeviceBuffer gradRgb, DeviceBuffer gradOutput, DeviceBuffer sigma,
        DeviceBuffer rgb, DeviceBuffer t, DeviceBuffer delta, DeviceBuffer weights, int rays, int samples)
        => LaunchPerItem("volume_render.cu", "volume_render_backward", rays,
            [KernelArg.Of(gradSigma), KernelArg.Of(gradRgb), KernelArg.Of(gradOutput), KernelArg.Of(sigma), KernelArg.Of(rgb),
             KernelArg.Of(t), KernelArg.Of(delta), KernelArg.Of(weights), KernelArg.Int(rays), KernelArg.Int(samples)]);

    /// <summary>NeRF sample_pdf: bins [R, B+1], weights [R, B] -> samples [R, NS].</summary>
    public void SamplePdf(DeviceBuffer samples, DeviceBuffer bins, DeviceBuffer weights, int rays, int binCount, int sampleCount,
        bool deterministic, ulong seed = 0, ulong offset = 0)
        => Launch1D("volume_render.cu", "sample_pdf", (long)rays * sampleCount,
            [KernelArg.Of(samples), KernelArg.Of(bins), KernelArg.Of(weights), KernelArg.Int(rays), KernelArg.Int(binCount),
             KernelArg.Int(sampleCount), KernelArg.Int(deterministic), KernelArg.ULong(seed), KernelArg.ULong(offset)]);
}
