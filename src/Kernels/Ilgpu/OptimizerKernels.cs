using ILGPU;
using ILGPU.Algorithms;

namespace IlgpuNet.Kernels.Ilgpu;

/// <summary>
/// Fused parameter updates, one thread per element, with PyTorch's update rules (torch.optim.SGD / Adam / AdamW,
/// foreach=False, amsgrad=False, maximize=False). Scalars that depend only on the step count (bias corrections) come
/// from the host, computed in double.
/// </summary>
public static class OptimizerKernels
{
    /// <summary>
    /// d = g + wd p; buf = firstStep ? d : momentum buf + (1 - dampening) d; d = nesterov ? d + momentum buf : buf;
    /// p -= lr d. With momentum 0: p -= lr d and buf (may be empty) is untouched.
    /// </summary>
    public static void Sgd(ArrayView<float> param, ArrayView<float> grad, ArrayView<float> momentumBuffer, long n, SgdSettings s)
    {
        for (long i = GridStride.First, step = GridStride.Step; i < n; i += step)
        {
            float p = param[i];
            float d = grad[i];
            if (s.WeightDecay != 0f)
            {
                d += s.WeightDecay * p;
            }

            if (s.Momentum != 0f)
            {
                float buf = s.FirstStep != 0 ? d : s.Momentum * momentumBuffer[i] + (1f - s.Dampening) * d;
                momentumBuffer[i] = buf;
                d = s.Nesterov != 0 ? d + s.Momentum * buf : buf;
            }

            param[i] = p - s.Lr * d;
        }
    }

    /// <summary>
    /// Adam (decoupled 0: L2 penalty added to the gradient) or AdamW (decoupled: p *= 1 - lr wd), then
    ///   m = m + (1 - beta1)(g - m)   (torch's lerp);   v = beta2 v + (1 - beta2) g²
    ///   p -= stepSize m / (sqrt(v) / biasCorrection2Sqrt + eps)
    /// with stepSize = lr / (1 - beta1^t) and biasCorrection2Sqrt = sqrt(1 - beta2^t).
    /// </summary>
    public static void Adam(ArrayView<float> param, ArrayView<float> grad, ArrayView<float> expAvg, ArrayView<float> expAvgSq, long n, AdamSettings s)
    {
        for (long i = GridStride.First, step = GridStride.Step; i < n; i += step)
        {
            float p = param[i];
            float g = grad[i];
            if (s.WeightDecay != 0f)
            {
                if (s.Decoupled != 0)
                {
                    p *= 1f - s.Lr * s.WeightDecay;
                }
                else
                {
                    g += s.WeightDecay * p;
                }
            }

            float m = expAvg[i];
            m += (1f - s.Beta1) * (g - m);
            float v = s.Beta2 * expAvgSq[i] + (1f - s.Beta2) * g * g;
            expAvg[i] = m;
            expAvgSq[i] = v;
            float denominator = XMath.Sqrt(v) / s.BiasCorrection2Sqrt + s.Eps;
            param[i] = p - s.StepSize * (m / denominator);
        }
    }
}
