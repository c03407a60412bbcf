using IlgpuNet.Autograd;
using IlgpuNet.Tensors;

namespace IlgpuNet.Layers.Optim;

/// <summary>torch.nn.utils.clip_grad_norm_ and clip_grad_value_.</summary>
public static class GradientClipping
{
    /// <summary>
    /// Scales all gradients in place so their joint norm is at most <paramref name="maxNorm"/>, and returns the
    /// norm they had. As PyTorch: per-gradient norms, then the norm of those; every gradient is multiplied by
    /// min(1, maxNorm / (total + 1e-6)). normType is any p &gt; 0 or double.PositiveInfinity (largest |g|).
    /// </summary>
    public static double ClipGradNorm(IEnumerable<Tensor> parameters, double maxNorm, double normType = 2, bool errorIfNonfinite = false)
    {
        if (!(normType > 0))
        {
            throw new ArgumentException($"clip_grad_norm: normType must be positive or infinity, got {normType}");
        }

        var grads = parameters.Select(p => p.OwnGrad).OfType<Tensor>().ToList();
        if (grads.Count == 0)
        {
            return 0;
        }

        using var noGrad = GradMode.NoGrad();
        double total = 0;
        foreach (var g in grads)
        {
            var abs = g.Abs();
            total = double.IsPositiveInfinity(normType) ? Math.Max(total, abs.Max().Item())
                : total + (normType == 2 ? abs.Square().Sum().Item() : abs.Pow(normType).Sum().Item());
        }

        if (!double.IsPositiveInfinity(normType))
        {
            total = normType == 2 ? Math.Sqrt(total) : Math.Pow(total, 1 / normType);
        }

        if (errorIfNonfinite && !double.IsFinite(total))
        {
            throw new InvalidOperationException($"The total norm of order {normType} for gradients is non-finite, so it cannot be clipped");
        }

        double clipCoefficient = Math.Min(maxNorm / (total + 1e-6), 1.0);
        foreach (var g in grads)
        {
            g.MulInPlace(clipCoefficient);
        }

        return total;
    }

    /// <summary>Clamps every gradient element into [-clipValue, clipValue] in place.</summary>
    public static void ClipGradValue(IEnumerable<Tensor> parameters, double clipValue)
    {
        using var noGrad = GradMode.NoGrad();
        foreach (var g in parameters.Select(p => p.OwnGrad).OfType<Tensor>())
        {
            g.ApplyInPlace(Kernels.UnaryOp.Clamp, -clipValue, clipValue);
        }
    }
}
