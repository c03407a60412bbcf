using ILGPU;
using ILGPU.Algorithms;

namespace IlgpuNet.Kernels.Ilgpu;

/// <summary>
/// batch_norm over x [N, C, Spatial] (the device twin of Cpu.BatchNormKernels). Training normalises with the biased
/// batch variance and moves the running variance toward the unbiased one, as torch; statistics are two-pass (mean,
/// then squared deviations). weight / bias / running buffers may be empty views (affine=False, no running stats).
/// The per-channel kernels run one group per channel (grid X); the eval forward is a grid-stride map.
/// </summary>
public static class BatchNormKernels
{
    /// <summary>y = (x - mean) * invstd * weight + bias; saveMean / saveInvstd [C] are what backward needs.</summary>
    public static void ForwardTraining(ArrayView<float> x, ArrayView<float> y, ArrayView<float> saveMean, ArrayView<float> saveInvstd,
        ArrayView<float> runningMean, ArrayView<float> runningVar, ArrayView<float> weight, ArrayView<float> bias, BatchNormShape s)
    {
        int c = Grid.IdxX, t = Group.IdxX, threads = Group.DimX;
        long count = s.Count;
        float sum = 0f;
        for (long j = t; j < count; j += threads)
        {
            sum += x[s.At(c, j)];
        }

        float mean = GroupReduce.Sum(sum) / count;
        float squares = 0f;
        for (long j = t; j < count; j += threads)
        {
            float d = x[s.At(c, j)] - mean;
            squares += d * d;
        }

        float variance = GroupReduce.Sum(squares) / count;
        float invstd = 1f / XMath.Sqrt(variance + s.Eps);
        float gamma = weight.Length > 0 ? weight[c] : 1f, beta = bias.Length > 0 ? bias[c] : 0f;
        for (long j = t; j < count; j += threads)
        {
            long at = s.At(c, j);
            y[at] = (x[at] - mean) * invstd * gamma + beta;
        }

        if (t == 0)
        {
            saveMean[c] = mean;
            saveInvstd[c] = invstd;
            if (runningMean.Length > 0)
            {
                runningMean[c] = (1f - s.Momentum) * runningMean[c] + s.Momentum * mean;
            }

            if (runningVar.Length > 0)
            {
                float unbiased = count > 1 ? variance * count / (count - 1) : variance;
                runningVar[c] = (1f - s.Momentum) * runningVar[c] + s.Momentum * unbiased;
            }
        }
    }

    /// <summary>Eval: y = (x - runningMean) / sqrt(runningVar + eps) * weight + bias, one thread per element.</summary>
    public static void ForwardInference(ArrayView<float> x, ArrayView<float> y, ArrayView<float> runningMean, ArrayView<float> runningVar,
        ArrayView<float> weight, ArrayView<float> bias, BatchNormShape s)
    {
        long n = s.Count * s.C;
        for (long i = GridStride.First, step = GridStride.Step; i < n; i += step)
        {
            int c = (int)(i / s.Spatial % s.C);
            float gamma = weight.Length > 0 ? weight[c] : 1f, beta = bias.Length > 0 ? bias[c] : 0f;
            y[i] = (x[i] - runningMean[c]) / XMath.Sqrt(runningVar[c] + s.Eps) * gamma + beta;
        }
    }

    /// <summary>
    /// With xhat = (x - mean) * invstd and M = N * Spatial: dbias = sum dy, dweight = sum dy * xhat, and
    ///   batch statistics (training):    dx = weight * invstd / M * (M * dy - dbias - xhat * dweight)
    ///   running statistics (eval):      dx = weight * invstd * dy
    /// mean / invstd are what the forward used; dx, dweight, dbias may each be empty (not needed); they are overwritten.
    /// </summary>
    public static void Backward(ArrayView<float> dy, ArrayView<float> x, ArrayView<float> weight, ArrayView<float> saveMean,
        ArrayView<float> saveInvstd, ArrayView<float> dx, ArrayView<float> dweight, ArrayView<float> dbias, BatchNormShape s, int batchStats)
    {
        int c = Grid.IdxX, t = Group.IdxX, threads = Group.DimX;
        long count = s.Count;
        float mean = saveMean[c], invstd = saveInvstd[c];
        float sumDy = 0f, sumDyXhat = 0f;
        for (long j = t; j < count; j += threads)
        {
            long at = s.At(c, j);
            float g = dy[at];
            sumDy += g;
            sumDyXhat += g * (x[at] - mean) * invstd;
        }

        sumDy = GroupReduce.Sum(sumDy);
        sumDyXhat = GroupReduce.Sum(sumDyXhat);
        float gamma = weight.Length > 0 ? weight[c] : 1f;
        float k = gamma * invstd / count;
        if (dx.Length > 0)
        {
            for (long j = t; j < count; j += threads)
            {
                long at = s.At(c, j);
                float xhat = (x[at] - mean) * invstd;
                dx[at] = batchStats != 0 ? k * (count * dy[at] - sumDy - xhat * sumDyXhat) : gamma * invstd * dy[at];
            }
        }

        if (t == 0)
        {
            if (dweight.Length > 0)
            {
                dweight[c] = sumDyXhat;
            }

            if (dbias.Length > 0)
            {
                dbias[c] = sumDy;
            }
        }
    }
}
