using IlgpuNet.Layers;
using IlgpuNet.Tensors;

namespace IlgpuNet.DeviceParity;

/// <summary>Convolutions, batch normalisation, pooling and resampling.</summary>
public static partial class ParityCases
{
    private static IEnumerable<ParityCase> Vision()
    {
        yield return Case("conv2d stride 2, padding, dilation 2, groups 2, bias", Tolerance.Accumulated, d =>
        {
            var x = d.Leaf([2, 4, 11, 9]);
            var w = d.Leaf([6, 2, 3, 3]);
            var b = d.Leaf([6]);
            return d.Backward(Functional.Conv2d(x, w, b, stride: 2, padding: 2, dilation: 2, groups: 2), ("x", x), ("w", w), ("b", b));
        });
        yield return Case("conv2d 5x5 same padding, no bias", Tolerance.Accumulated, d =>
        {
            var x = d.Leaf([3, 3, 8, 8]);
            var w = d.Leaf([5, 3, 5, 5]);
            return d.Backward(Functional.Conv2d(x, w, null, padding: 2), ("x", x), ("w", w));
        });
        yield return Case("conv2d depthwise 3x3", Tolerance.Accumulated, d =>
        {
            var x = d.Leaf([2, 4, 7, 7]);
            var w = d.Leaf([4, 1, 3, 3]);
            return d.Backward(Functional.Conv2d(x, w, null, padding: 1, groups: 4), ("x", x), ("w", w));
        });
        yield return Case("conv_transpose2d stride 2, output padding, groups 2, bias", Tolerance.Accumulated, d =>
        {
            var x = d.Leaf([2, 4, 5, 6]);
            var w = d.Leaf([4, 3, 3, 3]);
            var b = d.Leaf([6]);
            return d.Backward(Functional.ConvTranspose2d(x, w, b, stride: 2, padding: 1, outputPadding: 1, groups: 2), ("x", x), ("w", w), ("b", b));
        });
        yield return Case("conv_transpose2d dilation 2", Tolerance.Accumulated, d =>
        {
            var x = d.Leaf([1, 3, 4, 4]);
            var w = d.Leaf([3, 2, 3, 2]);
            return d.Backward(Functional.ConvTranspose2d(x, w, null, dilation: 2), ("x", x), ("w", w));
        });
        yield return Case("batch_norm training: output, gradients, running statistics", Tolerance.Accumulated, d =>
        {
            var x = d.Leaf([4, 3, 5, 6], -2, 3);
            var weight = d.Leaf([3], 0.5, 1.5);
            var bias = d.Leaf([3]);
            var runningMean = d.Constant([3]);
            var runningVar = d.Constant([3], 0.5, 2);
            var y = Functional.BatchNorm(x, runningMean, runningVar, weight, bias, training: true, momentum: 0.1);
            return new Dictionary<string, Tensor>(d.Backward(y, ("x", x), ("weight", weight), ("bias", bias)))
            {
                ["running_mean"] = runningMean,
                ["running_var"] = runningVar,
            };
        });
        yield return Case("batch_norm then relu as one op (the CPU's fused kernels against the device's two ops)", Tolerance.Accumulated, d =>
        {
            var x = d.Leaf([4, 3, 5, 6], -2, 3);
            var weight = d.Leaf([3], 0.5, 1.5);
            var bias = d.Leaf([3], -0.5, 0.5);
            var runningMean = d.Constant([3]);
            var runningVar = d.Constant([3], 0.5, 2);
            var y = Functional.BatchNormRelu(x, runningMean, runningVar, weight, bias, training: true, momentum: 0.1);
            return new Dictionary<string, Tensor>(d.Backward(y, ("x", x), ("weight", weight), ("bias", bias)))
            {
                ["running_mean"] = runningMean,
                ["running_var"] = runningVar,
            };
        });
        yield return Case("batch_norm eval (running statistics)", Tolerance.Accumulated, d =>
        {
            var x = d.Leaf([3, 4, 7]);
            var weight = d.Leaf([4], 0.5, 1.5);
            var bias = d.Leaf([4]);
            var y = Functional.BatchNorm(x, d.Constant([4]), d.Constant([4], 0.5, 2), weight, bias, training: false);
            return d.Backward(y, ("x", x), ("weight", weight), ("bias", bias));
        });
        yield return Case("batch_norm without affine or running statistics (BatchNorm1d input)", Tolerance.Accumulated, d =>
        {
            var x = d.Leaf([9, 5]);
            return d.Backward(Functional.BatchNorm(x, null, null, training: false), ("x", x));
        });
        yield return Case("max_pool2d padding, dilation, ceil_mode, indices", Tolerance.Pointwise, d =>
        {
            var x = d.Leaf([2, 3, 9, 10]);
            var (y, indices) = Functional.MaxPool2dWithIndices(x, 3, stride: 2, padding: 1, dilation: 2, ceilMode: true);
            return new Dictionary<string, Tensor>(d.Backward(y, ("x", x))) { ["indices"] = indices };
        });
        yield return Case("max_pool2d 2x2", Tolerance.Pointwise, d =>
        {
            var x = d.Leaf([2, 3, 8, 7]);
            return d.Backward(Functional.MaxPool2d(x, 2), ("x", x));
        });
        yield return Case("avg_pool2d ceil_mode, count_include_pad false", Tolerance.Pointwise, d =>
        {
            var x = d.Leaf([2, 2, 7, 8]);
            return d.Backward(Functional.AvgPool2d(x, 3, stride: 2, padding: 1, ceilMode: true, countIncludePad: false), ("x", x));
        });
        yield return Case("avg_pool2d divisor_override", Tolerance.Pointwise, d =>
        {
            var x = d.Leaf([1, 3, 6, 6]);
            return d.Backward(Functional.AvgPool2d(x, 2, padding: 1, divisorOverride: 3), ("x", x));
        });
        yield return Case("adaptive_avg_pool2d and adaptive_max_pool2d", Tolerance.Pointwise, d =>
        {
            var x = d.Leaf([2, 3, 10, 7]);
            var (max, indices) = Functional.AdaptiveMaxPool2dWithIndices(x, new Size2(3, 4));
            var y = Functional.AdaptiveAvgPool2d(x, new Size2(4, 3)).Sum().Add(max.Mul(max).Sum()).Add(Functional.AdaptiveAvgPool2d(x, 1).Sum());
            return new Dictionary<string, Tensor>(d.Backward(y, ("x", x))) { ["indices"] = indices };
        });
        yield return Case("interpolate nearest by size and by scale 1.7", Tolerance.Pointwise, d =>
        {
            var x = d.Leaf([2, 2, 5, 6]);
            var y = Functional.Interpolate(x, size: new Size2(9, 13)).Sum().Add(Functional.Interpolate(x, scaleFactor: 1.7).Square().Sum())
                .Add(Functional.Interpolate(x, scaleFactor: 2).Mul(3).Sum());
            return d.Backward(y, ("x", x));
        });
        yield return Case("interpolate bilinear, align_corners true and false", Tolerance.Pointwise, d =>
        {
            var x = d.Leaf([1, 3, 4, 5]);
            var a = Functional.Interpolate(x, size: new Size2(7, 9), mode: UpsampleMode.Bilinear, alignCorners: true);
            var b = Functional.Interpolate(x, scaleFactor: 2.5, mode: UpsampleMode.Bilinear);
            return d.Backward(a.Square().Sum().Add(b.Sum()), ("x", x));
        });
    }
}
