using IlgpuNet.Autograd.Functions;
using IlgpuNet.Kernels;
using IlgpuNet.Tensors;

namespace IlgpuNet.Layers;

/// <summary>
/// torch.nn.functional: differentiable ops over tensors, no state. Layers (<see cref="Module"/>s) hold parameters and
/// call these. Inputs are NCHW; 2-D ops also take an unbatched (C, H, W) input, as PyTorch does.
/// This file: linear, convolution, normalisation, pooling, resampling, dropout, activations.
/// Losses are in Functional.Losses.cs.
/// </summary>
public static partial class Functional
{
    // ---------------------------------------------------------------- linear and convolution

    /// <summary>y = x Wᵀ + b: x (*, in), weight (out, in), bias (out) → y (*, out).</summary>
    public static Tensor Linear(Tensor input, Tensor weight, Tensor? bias = null)
        => bias == null ? input.Matmul(weight.Transpose(0, 1)) : MatmulFunctions.Linear(input, weight, bias);

    /// <summary>linear(relu(x), weight, bias) without writing relu(x) (see <see cref="MatmulFunctions.ReluLinear"/>).</summary>
    public static Tensor ReluLinear(Tensor input, Tensor weight, Tensor? bias = null) => MatmulFunctions.ReluLinear(input, weight, bias);

    /// <summary>
    /// linear(cat([first, second], -1), weight, bias) without writing the concatenation, second rectified first when
    /// <paramref name="rectifySecond"/> (see <see cref="MatmulFunctions.LinearOverParts"/>).
    /// </summary>
    public static Tensor LinearOverParts(Tensor first, Tensor second, Tensor weight, Tensor? bias = null, bool rectifySecond = false)
        => MatmulFunctions.LinearOverParts(first, second, rectifySecond, weight, bias);

    /// <summary>x (N, C, H, W), weight (K, C/groups, KH, KW), bias (K) → (N, K, OH, OW).</summary>
    public static Tensor Conv2d(Tensor input, Tensor weight, Tensor? bias = null, Size2? stride = null, Padding2d? padding = null,
        Size2? dilation = null, int groups = 1)
    {
        Size2 s = stride ?? 1, d = dilation ?? 1;
        var p = padding ?? 0;
        return Batched(input, x =>
        {
            if (p.Same)
            {
                if (s.H != 1 || s.W != 1)
                {
                    throw new ArgumentException("conv2d: padding='same' is not supported for strided convolutions");
                }

                // total padding dil*(k-1); the odd one out goes to the bottom/right, as PyTorch pads it
                int totalH = d.H * (weight.Size(2) - 1), totalW = d.W * (weight.Size(3) - 1);
                p = new Padding2d(totalH / 2, totalW / 2);
                if (totalH % 2 != 0 || totalW % 2 != 0)
                {
                    x = Pad(x, 0, totalW % 2, 0, totalH % 2);
                }
            }

            return ConvolutionFunctions.Conv2d(x, weight, bias, s.H, s.W, p.H, p.W, d.H, d.W, groups);
        });
    }

    /// <summary>x (N, Cin, H, W), weight (Cin, Cout/groups, KH, KW), bias (Cout) → (N, Cout, OH, OW) with
    /// OH = (H-1)*stride - 2*padding + dilation*(KH-1) + output_padding + 1.</summary>
    public static Tensor ConvTranspose2d(Tensor input, Tensor weight, Tensor? bias = null, Size2? stride = null, Size2? padding = null,
        Size2? outputPadding = null, int groups = 1, Size2? dilation = null)
    {
        Size2 s = stride ?? 1, p = padding ?? 0, op = outputPadding ?? 0, d = dilation ?? 1;
        return Batched(input, x => ConvolutionFunctions.ConvTranspose2d(x, weight, bias, s.H, s.W, p.H, p.W, op.H, op.W, d.H, d.W, groups));
    }

    /// <summary>Constant padding of the last two dims (F.pad(x, (left, right, top, bottom), value=value)).</summary>
    public static Tensor Pad(Tensor input, int left, int right, int top, int bottom, double value = 0)
    {
        if (left < 0 || right < 0 || top < 0 || bottom < 0)
        {
            throw new ArgumentException("pad: negative padding is not supported");
        }

        Tensor PadDim(Tensor x, int dim, int before, int after)
        {
            if (before == 0 && after == 0)
            {
                return x;
            }

            var parts = new List<Tensor>();
            int[] shape = x.Shape;
            if (before > 0)
            {
                shape[dim] = before;
                parts.Add(Tensor.Full(shape, value, x.DType, x.Device));
            }

            parts.Add(x);
            if (after > 0)
            {
                shape[dim] = after;
                parts.Add(Tensor.Full(shape, value, x.DType, x.Device));
            }

            return Tensor.Cat([.. parts], dim);
        }

        return PadDim(PadDim(input, input.Rank - 1, left, right), input.Rank - 2, top, bottom);
    }

    // ---------------------------------------------------------------- normalisation

    /// <summary>
    /// Batch normalisation over (N, C, *): batch statistics when training (or without running statistics), moving the
    /// running buffers in place (momentum, unbiased variance); the running statistics in eval.
    /// </summary>
    public static Tensor BatchNorm(Tensor input, Tensor? runningMean, Tensor? runningVar, Tensor? weight = null, Tensor? bias = null,
        bool training = false, double momentum = 0.1, double eps = 1e-5)
        => NormalizationFunctions.BatchNorm(input, runningMean, runningVar, weight, bias, training, momentum, eps);

    /// <summary>
    /// relu(batch_norm(...)), the same values and gradients, as one op on the CPU: the normalised map is never written,
    /// and backward recomputes where it was positive from the input batch norm keeps (see <see cref="Kernels.Cpu.BatchNormKernels"/>).
    /// </summary>
    public static Tensor BatchNormRelu(Tensor input, Tensor? runningMean, Tensor? runningVar, Tensor? weight = null, Tensor? bias = null,
        bool training = false, double momentum = 0.1, double eps = 1e-5)
        => NormalizationFunctions.BatchNorm(input, runningMean, runningVar, weight, bias, training, momentum, eps, rectify: true);

    // ---------------------------------------------------------------- pooling

    public static Tensor MaxPool2d(Tensor input, Size2 kernelSize, Size2? stride = null, Size2? padding = null, Size2? dilation = null,
        bool ceilMode = false)
        => WithoutIndices(MaxPool2dWithOwnIndices(input, kernelSize, stride, padding, dilation, ceilMode));

    /// <summary>max_pool2d(return_indices=True): indices are int64 flat offsets h*W + w into each input plane.</summary>
    public static (Tensor Output, Tensor Indices) MaxPool2dWithIndices(Tensor input, Size2 kernelSize, Size2? stride = null,
        Size2? padding = null, Size2? dilation = null, bool ceilMode = false)
        => WithInt64Indices(MaxPool2dWithOwnIndices(input, kernelSize, stride, padding, dilation, ceilMode));

    // The pooling op's own indices (int32 on the CPU), which max_pool2d without indices keeps for backward only.
    private static (Tensor Output, Tensor Indices) MaxPool2dWithOwnIndices(Tensor input, Size2 kernelSize, Size2? stride,
        Size2? padding, Size2? dilation, bool ceilMode)
    {
        Size2 k = kernelSize, s = stride ?? kernelSize, p = padding ?? 0, d = dilation ?? 1;
        return BatchedPair(input, x => PoolingFunctions.MaxPool2d(x, k.H, k.W, s.H, s.W, p.H, p.W, d.H, d.W, ceilMode));
    }

    public static Tensor AvgPool2d(Tensor input, Size2 kernelSize, Size2? stride = null, Size2? padding = null, bool ceilMode = false,
        bool countIncludePad = true, int? divisorOverride = null)
    {
        Size2 k = kernelSize, s = stride ?? kernelSize, p = padding ?? 0;
        return Batched(input, x => PoolingFunctions.AvgPool2d(x, k.H, k.W, s.H, s.W, p.H, p.W, ceilMode, countIncludePad, divisorOverride));
    }

    public static Tensor AdaptiveAvgPool2d(Tensor input, Size2 outputSize)
        => Batched(input, x => PoolingFunctions.AdaptiveAvgPool2d(x, outputSize.H, outputSize.W));

    public static Tensor AdaptiveMaxPool2d(Tensor input, Size2 outputSize)
        => WithoutIndices(BatchedPair(input, x => PoolingFunctions.AdaptiveMaxPool2d(x, outputSize.H, outputSize.W)));

    /// <summary>adaptive_max_pool2d(return_indices=True): indices are int64 flat offsets h*W + w into each input plane.</summary>
    public static (Tensor Output, Tensor Indices) AdaptiveMaxPool2dWithIndices(Tensor input, Size2 outputSize)
        => WithInt64Indices(BatchedPair(input, x => PoolingFunctions.AdaptiveMaxPool2d(x, outputSize.H, outputSize.W)));

    // ---------------------------------------------------------------- resampling

    /// <summary>
    /// F.interpolate for 2-D: give <paramref name="size"/> or <paramref name="scaleFactor"/> (output = floor(in * scale)).
    /// A given scale maps indices by 1/scale, as PyTorch does, unless <paramref name="recomputeScaleFactor"/>.
    /// align_corners applies to bilinear only (default false).
    /// </summary>
    public static Tensor Interpolate(Tensor input, Size2? size = null, double? scaleFactor = null, UpsampleMode mode = UpsampleMode.Nearest,
        bool? alignCorners = null, bool recomputeScaleFactor = false)
    {
        if ((size == null) == (scaleFactor == null))
        {
            throw new ArgumentException("interpolate: give exactly one of size and scale_factor");
        }

        if (mode == UpsampleMode.Nearest && alignCorners != null)
        {
            throw new ArgumentException("interpolate: align_corners only has an effect with bilinear mode");
        }

        return Batched(input, x =>
        {
            int h = x.Size(2), w = x.Size(3);
            int outH = size?.H ?? (int)Math.Floor(h * scaleFactor!.Value);
            int outW = size?.W ?? (int)Math.Floor(w * scaleFactor!.Value);
            double? scale = recomputeScaleFactor ? null : scaleFactor;
            return UpsampleFunctions.Upsample2d(x, outH, outW, mode == UpsampleMode.Bilinear, alignCorners ?? false, scale, scale);
        });
    }

    /// <summary>(N, C r², H, W) → (N, C, H r, W r): channel blocks become r×r pixel blocks.</summary>
    public static Tensor PixelShuffle(Tensor input, int upscaleFactor)
    {
        int r = upscaleFactor;
        var s = input.Shape;
        if (input.Rank < 3 || s[^3] % (r * r) != 0)
        {
            throw new ArgumentException($"pixel_shuffle: channels of shape {ShapeRules.Format(s)} are not divisible by {r * r}");
        }

        int lead = input.Rank - 3, c = s[^3] / (r * r), h = s[^2], w = s[^1];
        var batch = s[..lead];
        var order = Enumerable.Range(0, lead).Concat([lead, lead + 3, lead + 1, lead + 4, lead + 2]).ToArray();
        return input.Reshape([.. batch, c, r, r, h, w]).Permute(order).Reshape([.. batch, c, h * r, w * r]);
    }

    /// <summary>(N, C, H r, W r) → (N, C r², H, W): the inverse of <see cref="PixelShuffle"/>.</summary>
    public static Tensor PixelUnshuffle(Tensor input, int downscaleFactor)
    {
        int r = downscaleFactor;
        var s = input.Shape;
        if (input.Rank < 3 || s[^2] % r != 0 || s[^1] % r != 0)
        {
            throw new ArgumentException($"pixel_unshuffle: spatial size of shape {ShapeRules.Format(s)} is not divisible by {r}");
        }

        int lead = input.Rank - 3, c = s[^3], h = s[^2] / r, w = s[^1] / r;
        var batch = s[..lead];
        var order = Enumerable.Range(0, lead).Concat([lead, lead + 2, lead + 4, lead + 1, lead + 3]).ToArray();
        return input.Reshape([.. batch, c, h, r, w, r]).Permute(order).Reshape([.. batch, c * r * r, h, w]);
    }

    // ---------------------------------------------------------------- dropout and activations

    /// <summary>Zeroes each element with probability p and scales the rest by 1/(1-p) when training; identity otherwise.</summary>
    public static Tensor Dropout(Tensor input, double p = 0.5, bool training = true, Generator? generator = null)
    {
        if (p < 0 || p > 1)
        {
            throw new ArgumentException($"dropout: probability has to be between 0 and 1, but got {p}");
        }

        if (!training || p == 0)
        {
            return input;
        }

        if (p == 1)
        {
            return input.Mul(0.0);
        }

        return DropoutFunctions.Dropout(input, p, generator);
    }

    public static Tensor Relu(Tensor input) => input.Relu();

    public static Tensor LeakyRelu(Tensor input, double negativeSlope = 0.01) => ElementwiseFunctions.LeakyRelu(input, negativeSlope);

    public static Tensor Elu(Tensor input, double alpha = 1.0) => ElementwiseFunctions.Elu(input, alpha);

    public static Tensor Gelu(Tensor input) => ElementwiseFunctions.Gelu(input);

    public static Tensor Sigmoid(Tensor input) => input.Sigmoid();

    public static Tensor Tanh(Tensor input) => input.Tanh();

    public static Tensor Softplus(Tensor input, double beta = 1, double threshold = 20) => ElementwiseFunctions.Softplus(input, beta, threshold);

    public static Tensor Softmax(Tensor input, int dim) => input.Softmax(dim);

    public static Tensor LogSoftmax(Tensor input, int dim) => input.LogSoftmax(dim);

    /// <summary>y = x where x > 0, else a x; weight (C) is per channel (dim 1), or a single shared slope.</summary>
    public static Tensor PRelu(Tensor input, Tensor weight) => ElementwiseFunctions.PRelu(input, weight);

    // ---------------------------------------------------------------- helpers

    /// <summary>Runs a 4-D op on an unbatched (C, H, W) input by adding and removing the batch dim (the views in between let go as soon as spent).</summary>
    private static Tensor Batched(Tensor input, Func<Tensor, Tensor> op)
    {
        if (input.Rank != 3)
        {
            return op(input);
        }

        using var batch = input.Unsqueeze(0);
        using var y = op(batch);
        return y.Squeeze(0);
    }

    private static (Tensor Output, Tensor Indices) BatchedPair(Tensor input, Func<Tensor, (Tensor, Tensor)> op)
    {
        if (input.Rank != 3)
        {
            return op(input);
        }

        using var batch = input.Unsqueeze(0);
        var (y, i) = op(batch);
        using (y)
        using (i)
        {
            return (y.Squeeze(0), i.Squeeze(0));
        }
    }

    // The indices as PyTorch returns them, int64 (a copy of the op's own int32 ones on the CPU, which its node keeps).
    private static (Tensor Output, Tensor Indices) WithInt64Indices((Tensor Output, Tensor Indices) result)
    {
        if (result.Indices.DType == DType.Int64)
        {
            return result;
        }

        using var own = result.Indices;
        return (result.Output, own.To(DType.Int64));
    }

    // The output of an op that also makes indices, with the indices let go (its node keeps them while backward needs them).
    private static Tensor WithoutIndices((Tensor Output, Tensor Indices) result)
    {
        result.Indices.Dispose();
        return result.Output;
    }
}
