using System.Numerics;
using IlgpuNet.Kernels.Cpu;
using IlgpuNet.Tensors;
using static IlgpuNet.Autograd.Functions.KernelBuffers;

namespace IlgpuNet.Autograd.Functions;

/// <summary>
/// interpolate / upsample over (N, C, H, W), nearest and bilinear, forward and backward side by side. A scale factor
/// given by the user is passed on (PyTorch maps indices with 1/scale, not in/out, unless recompute_scale_factor).
/// </summary>
public static class UpsampleFunctions
{
    // x (N, C, H, W) → y (N, C, OH, OW)       nearest: dx[src] += dy;  bilinear: dy spread over the 4 taps
    public static Tensor Upsample2d(Tensor x, int outH, int outW, bool bilinear, bool alignCorners, double? scaleH, double? scaleW)
    {
        string op = bilinear ? "upsample_bilinear2d" : "upsample_nearest2d";
        RequireRank(op, x, 4, "input (N, C, H, W)");
        if (outH <= 0 || outW <= 0)
        {
            throw new ArgumentException($"{op}: output size must be positive, got {outH}x{outW}");
        }

        int[] xs = x.ShapeRef;
        int n = xs[0], c = xs[1], h = xs[2], w = xs[3];
        var xd = Dense(x);
        var y = RawOps.Empty([n, c, outH, outW], x.DType, x.Device);
        void Forward<T>()
            where T : unmanaged, IFloatingPointIeee754<T>
        {
            if (bilinear)
            {
                UpsampleKernels.BilinearForward<T>(Span<T>(xd), n, c, h, w, Span<T>(y), outH, outW, alignCorners, scaleH, scaleW);
            }
            else
            {
                UpsampleKernels.NearestForward<T>(Span<T>(xd), n, c, h, w, Span<T>(y), outH, outW, scaleH, scaleW);
            }
        }

        Dispatch(op, x, Forward<float>, Forward<double>, () => DeviceUpsample.Forward(xd, y, bilinear, alignCorners, scaleH, scaleW));

        return Graph.Record(bilinear ? "UpsampleBilinear2DBackward" : "UpsampleNearest2DBackward", y, [x], gy =>
        {
            var dy = Dense(gy);
            var dx = RawOps.Empty(xs, x.DType, x.Device);
            void Backward<T>()
                where T : unmanaged, IFloatingPointIeee754<T>
            {
                if (bilinear)
                {
                    UpsampleKernels.BilinearBackward<T>(Span<T>(dy), n, c, h, w, Span<T>(dx), outH, outW, alignCorners, scaleH, scaleW);
                }
                else
                {
                    UpsampleKernels.NearestBackward<T>(Span<T>(dy), n, c, h, w, Span<T>(dx), outH, outW, scaleH, scaleW);
                }
            }

            Dispatch(op, x, Backward<float>, Backward<double>, () => DeviceUpsample.Backward(dy, dx, bilinear, alignCorners, scaleH, scaleW));
            return [dx];
        });
    }
}
