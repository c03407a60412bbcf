namespace IlgpuNet.Tensors;

/// <summary>
/// Nearest and bilinear upsampling on a device (Ilgpu/UpsampleKernels). The source-index scale per axis is computed here in
/// float exactly as Cpu.UpsampleKernels computes it, so both backends pick the same source pixels.
/// </summary>
internal static class DeviceUpsample
{
    public static void Forward(Tensor x, Tensor y, bool bilinear, bool alignCorners, double? scaleH, double? scaleW)
    {
        var (n, c, h, w, oh, ow, sh, sw) = Sizes(x, y, bilinear, alignCorners, scaleH, scaleW);
        if (bilinear)
        {
            x.Kernels().UpsampleBilinear2dForward(y.Buffer(), x.Buffer(), n, c, h, w, oh, ow, alignCorners, sh, sw);
        }
        else
        {
            x.Kernels().UpsampleNearest2dForward(y.Buffer(), x.Buffer(), n, c, h, w, oh, ow, sh, sw);
        }
    }

    /// <summary>dx (zeroed first) = the adjoint of Forward applied to dy.</summary>
    public static void Backward(Tensor dy, Tensor dx, bool bilinear, bool alignCorners, double? scaleH, double? scaleW)
    {
        var (n, c, h, w, oh, ow, sh, sw) = Sizes(dx, dy, bilinear, alignCorners, scaleH, scaleW);
        if (bilinear)
        {
            dy.Kernels().UpsampleBilinear2dBackward(dx.Buffer(), dy.Buffer(), n, c, h, w, oh, ow, alignCorners, sh, sw);
        }
        else
        {
            dy.Kernels().UpsampleNearest2dBackward(dx.Buffer(), dy.Buffer(), n, c, h, w, oh, ow, sh, sw);
        }
    }

    // nearest and bilinear without align_corners: 1/scale_factor when given, else in/out; align_corners: (in-1)/(out-1)
    private static float Scale(int input, int output, bool bilinear, bool alignCorners, double? scale)
    {
        if (bilinear && alignCorners)
        {
            return output > 1 ? (float)(input - 1) / (output - 1) : 0f;
        }

        return scale is double s ? (float)(1.0 / s) : (float)input / output;
    }

    // image and resized plane sizes, and the scale of each axis
    private static (int N, int C, int H, int W, int OH, int OW, float ScaleH, float ScaleW) Sizes(Tensor image, Tensor resized,
        bool bilinear, bool alignCorners, double? scaleH, double? scaleW)
    {
        int h = image.ShapeRef[2], w = image.ShapeRef[3], oh = resized.ShapeRef[2], ow = resized.ShapeRef[3];
        return (image.ShapeRef[0], image.ShapeRef[1], h, w, oh, ow,
            Scale(h, oh, bilinear, alignCorners, scaleH), Scale(w, ow, bilinear, alignCorners, scaleW));
    }
}
