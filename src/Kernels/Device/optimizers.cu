// optimizers.cu — fused parameter updates, one thread per element, PyTorch's update rules exactly
// (torch.optim.SGD / Adam / AdamW, foreach=False, amsgrad=False, maximize=False).
// Scalars that depend only on the step count (bias corrections) are computed on the host in double.
#include "prelude.h"

// SGD with momentum: d = g + wd * p; buf = first_step ? d : momentum * buf + (1 - dampening) * d;
// d = nesterov ? d + momentum * buf : buf; p -= lr * d.   (momentum == 0: p -= lr * d, buf untouched)
KERNEL void sgd_step(GLOBAL float* param, const GLOBAL float* grad, GLOBAL float* momentum_buf, i64 n, float lr,
                     float momentum, float dampening, float weight_decay, int nesterov, int first_step) {
    GRID_STRIDE_LOOP(i, n) {
        float p = param[i];
        float d = grad[i];
        if (weight_decay != 0.0f) d += weight_decay * p;
        if (momentum != 0.0f) {
            float buf = first_step ? d : momentum * momentum_buf[i] + (1.0f - dampening) * d;
            momentum_buf[i] = buf;
            d = nesterov ? d + momentum * buf : buf;
        }
        param[i] = p - lr * d;
    }
}

// Adam (decoupled == 0: L2 penalty added to the gradient) and AdamW (decoupled != 0: p *= 1 - lr * wd).
//   m = beta1 * m + (1 - beta1) * g;  v = beta2 * v + (1 - beta2) * g^2
//   p -= step_size * m / (sqrt(v) / bias_correction2_sqrt + eps)
// with step_size = lr / (1 - beta1^t) and bias_correction2_sqrt = sqrt(1 - beta2^t) from the host.
KERNEL void adam_step(GLOBAL float* param, const GLOBAL float* grad, GLOBAL float* exp_avg, GLOBAL float* exp_avg_sq,
                      i64 n, float lr, float beta1, float beta2, float eps, float weight_decay, int decoupled,
                      float step_size, float bias_correction2_sqrt) {
    GRID_STRIDE_LOOP(i, n) {
        float p = param[i];
        float g = grad[i];
        if (weight_decay != 0.0f) {
            if (decoupled) p *= 1.0f - lr * weight_decay;
            else g += weight_decay * p;
        }
        // torch uses lerp for the first moment: m + (1 - beta1) * (g - m)
        float m = exp_avg[i];
        m = m + (1.0f - beta1) * (g - m);
        float v = beta2 * exp_avg_sq[i] + (1.0f - beta2) * g * g;
        exp_avg[i] = m;
        exp_avg_sq[i] = v;
        float denom = sqrtf(v) / bias_correction2_sqrt + eps;
        param[i] = p - step_size * (m / denom);
    }
}
