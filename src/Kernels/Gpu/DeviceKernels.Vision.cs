using System.Numerics;
using ILGPU;
using ILGPU.Runtime;
using Conv2dGeometry = IlgpuNet.Kernels.Cpu.Conv2dGeometry;
using Pool2dGeometry = IlgpuNet.Kernels.Cpu.Pool2dGeometry;
using IlgpuNet.Kernels.Ilgpu;

namespace IlgpuNet.Kernels.Gpu;

/// <summary>im2col / col2im, batch norm, pooling, upsampling, and NeRF volume rendering and hash encoding.</summary>
public sealed partial class DeviceKernels
{
    // ------------------------------------------------------------------ Im2ColKernels

    /// <summary>col [count, C*KH*KW, OH*OW] from images [first, first + count) of g's input.</summary>
    public void Im2Col(DeviceBuffer col, DeviceBuffer input, Conv2dGeometry g, int first, int count)
    {
        var window = ConvWindow.Of(g, count);
        long n = (long)count * g.InChannels * g.KernelH * g.KernelW * g.OutH * g.OutW;
        if (n > 0)
        {
            Cache.Load<ConvWindow, ArrayView<float>, long, ArrayView<float>>(Im2ColKernels.Forward)(
                Wave(n), window, input.View<float>(), (long)first * g.InputPerImage, col.View<float>());
        }
    }

    /// <summary>Images [first, first + count) of g's input = col2im(col): overwritten, overlapping patches summed.</summary>
    public void Col2Im(DeviceBuffer input, DeviceBuffer col, Conv2dGeometry g, int first, int count)
    {
        var window = ConvWindow.Of(g, count);
        long n = (long)count * g.InputPerImage;
        if (n > 0)
        {
            Cache.Load<ConvWindow, ArrayView<float>, ArrayView<float>, long>(Im2ColKernels.Backward)(
                Wave(n), window, col.View<float>(), input.View<float>(), (long)first * g.InputPerImage);
        }
    }

    // ------------------------------------------------------------------ BatchNormKernels ([N, C, HW])

    public void BatchNormForwardTrain(DeviceBuffer output, DeviceBuffer saveMean, DeviceBuffer saveInvstd,
        DeviceBuffer? runningMean, DeviceBuffer? runningVar, DeviceBuffer input, DeviceBuffer? weight, DeviceBuffer? bias,
        int n, int c, int hw, float momentum = 0.1f, float eps = 1e-5f)
    {
        if (c > 0)
        {
            Cache.Load<ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>,
                ArrayView<float>, BatchNormShape>(BatchNormKernels.ForwardTraining)(GroupPerRow(c), input.View<float>(), output.View<float>(),
                saveMean.View<float>(), saveInvstd.View<float>(), FloatsOrEmpty(runningMean), FloatsOrEmpty(runningVar), FloatsOrEmpty(weight),
                FloatsOrEmpty(bias), BatchNorm(n, c, hw, momentum, eps));
        }
    }

    public void BatchNormForwardEval(DeviceBuffer output, DeviceBuffer input, DeviceBuffer runningMean, DeviceBuffer runningVar,
        DeviceBuffer? weight, DeviceBuffer? bias, int n, int c, int hw, float eps = 1e-5f)
    {
        long count = (long)n * c * hw;
        if (count > 0)
        {
            Cache.Load<ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, BatchNormShape>(
                BatchNormKernels.ForwardInference)(Wave(count), input.View<float>(), output.View<float>(), runningMean.View<float>(),
                runningVar.View<float>(), FloatsOrEmpty(weight), FloatsOrEmpty(bias), BatchNorm(n, c, hw, 0f, eps));
        }
    }

    /// <summary>
    /// Backward through batch statistics (<paramref name="batchStats"/>, the training forward) or through fixed running
    /// statistics (eval); saveMean/saveInvstd are the mean and 1/sqrt(var + eps) the forward used. Any gradient may be null.
    /// </summary>
    public void BatchNormBackward(DeviceBuffer? gradInput, DeviceBuffer? gradWeight, DeviceBuffer? gradBias, DeviceBuffer gradOutput,
        DeviceBuffer input, DeviceBuffer? weight, DeviceBuffer saveMean, DeviceBuffer saveInvstd, int n, int c, int hw, bool batchStats = true)
    {
        if (c > 0)
        {
            Cache.Load<ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>,
                ArrayView<float>, BatchNormShape, int>(BatchNormKernels.Backward)(GroupPerRow(c), gradOutput.View<float>(), input.View<float>(),
                FloatsOrEmpty(weight), saveMean.View<float>(), saveInvstd.View<float>(), FloatsOrEmpty(gradInput), FloatsOrEmpty(gradWeight),
                FloatsOrEmpty(gradBias), BatchNorm(n, c, hw, 0f, 1e-5f), batchStats ? 1 : 0);
        }
    }

    private static BatchNormShape BatchNorm(int n, int c, int hw, float momentum, float eps)
        => new() { N = n, C = c, Spatial = hw, Momentum = momentum, Eps = eps };

    // ------------------------------------------------------------------ MaxPool2dKernels, AvgPool2dKernels, AdaptivePool2dKernels

    /// <summary>indices (Int64) hold ih * W + iw of each window's max, as torch.</summary>
    public void MaxPool2dForward(Pool2dGeometry g, DeviceBuffer input, DeviceBuffer output, DeviceBuffer indices)
    {
        var window = PoolWindow.Of(g);
        if (window.OutputLength > 0)
        {
            Cache.Load<PoolWindow, ArrayView<float>, ArrayView<float>, ArrayView<long>>(MaxPool2dKernels.Forward)(
                Wave(window.OutputLength), window, input.View<float>(), output.View<float>(), indices.View<long>());
        }
    }

    public void MaxPool2dBackward(Pool2dGeometry g, DeviceBuffer gradOutput, DeviceBuffer indices, DeviceBuffer gradInput)
    {
        var window = PoolWindow.Of(g);
        if (window.InputLength > 0)
        {
            Cache.Load<PoolWindow, ArrayView<float>, ArrayView<long>, ArrayView<float>>(MaxPool2dKernels.Backward)(
                Wave(window.InputLength), window, gradOutput.View<float>(), indices.View<long>(), gradInput.View<float>());
        }
    }

    public void AvgPool2dForward(Pool2dGeometry g, DeviceBuffer input, DeviceBuffer output, bool countIncludePad = true, int? divisorOverride = null)
    {
        var window = PoolWindow.Of(g);
        if (window.OutputLength > 0)
        {
            Cache.Load<PoolWindow, ArrayView<float>, ArrayView<float>, int, int>(AvgPool2dKernels.Forward)(
                Wave(window.OutputLength), window, input.View<float>(), output.View<float>(), countIncludePad ? 1 : 0, divisorOverride ?? 0);
        }
    }

    public void AvgPool2dBackward(Pool2dGeometry g, DeviceBuffer gradOutput, DeviceBuffer gradInput, bool countIncludePad = true, int? divisorOverride = null)
    {
        var window = PoolWindow.Of(g);
        if (window.InputLength > 0)
        {
            Cache.Load<PoolWindow, ArrayView<float>, ArrayView<float>, int, int>(AvgPool2dKernels.Backward)(
                Wave(window.InputLength), window, gradOutput.View<float>(), gradInput.View<float>(), countIncludePad ? 1 : 0, divisorOverride ?? 0);
        }
    }

    /// <summary>adaptive_avg_pool2d, or adaptive_max_pool2d with Int64 flat ih * W + iw indices when <paramref name="indices"/> is given.</summary>
    public void AdaptivePool2dForward(DeviceBuffer output, DeviceBuffer? indices, DeviceBuffer input, int n, int c, int h, int w, int oh, int ow)
    {
        var window = PoolWindow.Sizes(n, c, h, w, oh, ow);
        if (window.OutputLength == 0)
        {
            return;
        }

        if (indices is null)
        {
            Cache.Load<PoolWindow, ArrayView<float>, ArrayView<float>>(AdaptivePool2dKernels.AvgForward)(
                Wave(window.OutputLength), window, input.View<float>(), output.View<float>());
        }
        else
        {
            Cache.Load<PoolWindow, ArrayView<float>, ArrayView<float>, ArrayView<long>>(AdaptivePool2dKernels.MaxForward)(
                Wave(window.OutputLength), window, input.View<float>(), output.View<float>(), indices.View<long>());
        }
    }

    public void AdaptivePool2dBackward(DeviceBuffer gradInput, DeviceBuffer gradOutput, DeviceBuffer? indices, int n, int c, int h, int w, int oh, int ow)
    {
        var window = PoolWindow.Sizes(n, c, h, w, oh, ow);
        if (window.InputLength == 0)
        {
            return;
        }

        if (indices is null)
        {
            Cache.Load<PoolWindow, ArrayView<float>, ArrayView<float>>(AdaptivePool2dKernels.AvgBackward)(
                Wave(window.InputLength), window, gradOutput.View<float>(), gradInput.View<float>());
        }
        else
        {
            Cache.Load<PoolWindow, ArrayView<float>, ArrayView<long>, ArrayView<float>>(AdaptivePool2dKernels.MaxBackward)(
                Wave(window.InputLength), window, gradOutput.View<float>(), indices.View<long>(), gradInput.View<float>());
        }
    }

    // ------------------------------------------------------------------ UpsampleKernels
    // scaleH/scaleW: the float source-index scale per axis (Cpu.UpsampleKernels: in/out, 1/scale_factor, or
    // (in-1)/(out-1) for align_corners); null computes in/out (align_corners: (in-1)/(out-1)).

    public void UpsampleNearest2dForward(DeviceBuffer output, DeviceBuffer input, int n, int c, int h, int w, int oh, int ow,
        float? scaleH = null, float? scaleW = null)
    {
        var window = PoolWindow.Sizes(n, c, h, w, oh, ow);
        if (window.OutputLength > 0)
        {
            Cache.Load<PoolWindow, ArrayView<float>, ArrayView<float>, float, float>(UpsampleKernels.NearestForward)(
                Wave(window.OutputLength), window, input.View<float>(), output.View<float>(), scaleH ?? (float)h / oh, scaleW ?? (float)w / ow);
        }
    }

    /// <summary>Zero-fills gradInput, then scatters gradOutput into it.</summary>
    public void UpsampleNearest2dBackward(DeviceBuffer gradInput, DeviceBuffer gradOutput, int n, int c, int h, int w, int oh, int ow,
        float? scaleH = null, float? scaleW = null)
    {
        Fill(gradInput, 0f);
        var window = PoolWindow.Sizes(n, c, h, w, oh, ow);
        if (window.OutputLength > 0)
        {
            Cache.Load<PoolWindow, ArrayView<float>, ArrayView<float>, float, float>(UpsampleKernels.NearestBackward)(
                Wave(window.OutputLength), window, gradOutput.View<float>(), gradInput.View<float>(), scaleH ?? (float)h / oh, scaleW ?? (float)w / ow);
        }
    }

    public void UpsampleBilinear2dForward(DeviceBuffer output, DeviceBuffer input, int n, int c, int h, int w, int oh, int ow, bool alignCorners,
        float? scaleH = null, float? scaleW = null)
    {
        var window = PoolWindow.Sizes(n, c, h, w, oh, ow);
        if (window.OutputLength > 0)
        {
            Cache.Load<PoolWindow, ArrayView<float>, ArrayView<float>, float, float, int>(UpsampleKernels.BilinearForward)(
                Wave(window.OutputLength), window, input.View<float>(), output.View<float>(), scaleH ?? LinearScale(h, oh, alignCorners),
                scaleW ?? LinearScale(w, ow, alignCorners), alignCorners ? 1 : 0);
        }
    }

    /// <summary>Zero-fills gradInput, then scatters gradOutput into it with atomic adds.</summary>
    public void UpsampleBilinear2dBackward(DeviceBuffer gradInput, DeviceBuffer gradOutput, int n, int c, int h, int w, int oh, int ow, bool alignCorners,
        float? scaleH = null, float? scaleW = null)
    {
        Fill(gradInput, 0f);
        var window = PoolWindow.Sizes(n, c, h, w, oh, ow);
        if (window.OutputLength > 0)
        {
            Cache.Load<PoolWindow, ArrayView<float>, ArrayView<float>, float, float, int>(UpsampleKernels.BilinearBackward)(
                Wave(window.OutputLength), window, gradOutput.View<float>(), gradInput.View<float>(), scaleH ?? LinearScale(h, oh, alignCorners),
                scaleW ?? LinearScale(w, ow, alignCorners), alignCorners ? 1 : 0);
        }
    }

    private static float LinearScale(int input, int output, bool alignCorners)
        => alignCorners ? (output > 1 ? (float)(input - 1) / (output - 1) : 0f) : (float)input / output;

    // ------------------------------------------------------------------ VolumeRenderKernels

    /// <summary>sigma, t, delta [R, S]; rgb [R, S, 3] -> output [R, 5] = (color r, g, b, depth, opacity), weights [R, S] (saved).</summary>
    public void VolumeRenderForward(DeviceBuffer output, DeviceBuffer weights, DeviceBuffer sigma, DeviceBuffer rgb, DeviceBuffer t,
        DeviceBuffer delta, int rays, int samples)
    {
        if (rays > 0)
        {
            Cache.Load<ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, int, int>(
                VolumeRenderKernels.Forward)(Wave(rays), output.View<float>(), weights.View<float>(), sigma.View<float>(), rgb.View<float>(),
                t.View<float>(), delta.View<float>(), rays, samples);
        }
    }

    /// <summary>dsigma [R, S] and drgb [R, S, 3] from the gradient of the packed output [R, 5].</summary>
    public void VolumeRenderBackward(DeviceBuffer gradSigma, DeviceBuffer gradRgb, DeviceBuffer gradOutput, DeviceBuffer sigma,
        DeviceBuffer rgb, DeviceBuffer t, DeviceBuffer delta, DeviceBuffer weights, int rays, int samples)
    {
        if (rays > 0)
        {
            Cache.Load<ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>,
                ArrayView<float>, int, int>(VolumeRenderKernels.Backward)(Wave(rays), gradSigma.View<float>(), gradRgb.View<float>(),
                gradOutput.View<float>(), sigma.View<float>(), rgb.View<float>(), t.View<float>(), delta.View<float>(), weights.View<float>(), rays, samples);
        }
    }

    /// <summary>NeRF sample_pdf: bins [R, B+1], weights [R, B] -> samples [R, NS].</summary>
    public void SamplePdf(DeviceBuffer samples, DeviceBuffer bins, DeviceBuffer weights, int rays, int binCount, int sampleCount,
        bool deterministic, ulong seed = 0, ulong offset = 0)
    {
        long n = (long)rays * sampleCount;
        if (n > 0)
        {
            Cache.Load<ArrayView<float>, ArrayView<float>, ArrayView<float>, int, int, int, int, ulong, ulong>(VolumeRenderKernels.SamplePdf)(
                Wave(n), samples.View<float>(), bins.View<float>(), weights.View<float>(), rays, binCount, sampleCount, deterministic ? 1 : 0,
                seed, offset);
        }
    }

    // ------------------------------------------------------------------ HashGridKernels (Float32, or Float64 for gradient checks)

    /// <summary>positions [N, 3], table [L, T, F] -> output [N, L F].</summary>
    public void HashGridForward(DeviceBuffer output, DeviceBuffer positions, DeviceBuffer table, int points, HashGridGeometry grid)
    {
        var resolutions = Resolutions(grid);
        void Launch<T, TReal>()
            where T : unmanaged, IFloatingPointIeee754<T>
            where TReal : struct, IDeviceReal<T>
            => Cache.Load<ArrayView<T>, ArrayView<T>, ArrayView<T>, ArrayView<int>, int, int, int>(HashGridKernels.Forward<T, TReal>)(
                Wave((long)points * grid.Levels), output.View<T>(), positions.View<T>(), table.View<T>(), resolutions.View<int>(), points,
                grid.TableSize, grid.Features);
        ByReal("hash_grid_encode", output.DType, Launch<float, DeviceReals.Float32>, Launch<double, DeviceReals.Float64>);
    }

    /// <summary>Zero-fills gradTable [L, T, F], then scatters gradOutput [N, L F] into it with atomic adds.</summary>
    public void HashGridBackwardTable(DeviceBuffer gradTable, DeviceBuffer gradOutput, DeviceBuffer positions, int points, HashGridGeometry grid)
    {
        var resolutions = Resolutions(grid);
        gradTable.RawView.MemSetToZero(Backend.Accelerator.DefaultStream);
        void Launch<T, TReal>()
            where T : unmanaged, IFloatingPointIeee754<T>
            where TReal : struct, IDeviceReal<T>
            => Cache.Load<ArrayView<T>, ArrayView<T>, ArrayView<T>, ArrayView<int>, int, int, int>(HashGridKernels.BackwardTable<T, TReal>)(
                Wave((long)points * grid.Levels), gradTable.View<T>(), gradOutput.View<T>(), positions.View<T>(), resolutions.View<int>(), points,
                grid.TableSize, grid.Features);
        ByReal("hash_grid_encode", gradTable.DType, Launch<float, DeviceReals.Float32>, Launch<double, DeviceReals.Float64>);
    }

    /// <summary>gradPositions [N, 3] (overwritten) from gradOutput [N, L F].</summary>
    public void HashGridBackwardPositions(DeviceBuffer gradPositions, DeviceBuffer gradOutput, DeviceBuffer positions, DeviceBuffer table, int points,
        HashGridGeometry grid)
    {
        var resolutions = Resolutions(grid);
        void Launch<T, TReal>()
            where T : unmanaged, IFloatingPointIeee754<T>
            where TReal : struct, IDeviceReal<T>
            => Cache.Load<ArrayView<T>, ArrayView<T>, ArrayView<T>, ArrayView<T>, ArrayView<int>, int, int, int>(HashGridKernels.BackwardPositions<T, TReal>)(
                Wave(points), gradPositions.View<T>(), gradOutput.View<T>(), positions.View<T>(), table.View<T>(), resolutions.View<int>(), points,
                grid.TableSize, grid.Features);
        ByReal("hash_grid_encode", gradPositions.DType, Launch<float, DeviceReals.Float32>, Launch<double, DeviceReals.Float64>);
    }

    // The levels' resolutions as an Int32 buffer, uploaded once per geometry and device and kept while the geometry
    // lives: uploading them at every launch would put a host-to-device copy in the middle of each training step.
    private DeviceBuffer Resolutions(HashGridGeometry grid) => hashGridResolutions.GetValue(grid, g =>
    {
        var buffer = Backend.Allocate(DType.Int32, g.Levels);
        buffer.Upload<int>(g.Resolutions.ToArray());
        return buffer;
    });

    private static void ByReal(string op, DType dtype, Action asFloat, Action asDouble)
    {
        switch (dtype)
        {
            case DType.Float32: asFloat(); break;
            case DType.Float64: asDouble(); break;
            default: throw new NotSupportedException($"{op}: device kernels take float32 (or float64) buffers, not {dtype.Name()}");
        }
    }
}
