// batchnorm.cu — BatchNorm over [N, C, HW] (NCHW with HW = H*W; HW = 1 for BatchNorm1d on [N, C]).
// Training forward normalizes with the biased batch variance and updates the running variance with the unbiased
// one, as torch. One block of BN_THREADS threads per channel; statistics are two-pass (mean, then squared
// deviations) for accuracy. weight/bias may be null (affine=False).
#include "prelude.h"

#define BN_THREADS 256

DEVICE_FN float bn_block_sum(SHARED_ARG float* scratch, float v) {
    int t = THREAD_X;
    scratch[t] = v;
    BARRIER();
    for (int s = BN_THREADS / 2; s > 0; s >>= 1) {
        if (t < s) scratch[t] += scratch[t + s];
        BARRIER();
    }
    float r = scratch[0];
    BARRIER();
    return r;
}

// out = (x - mean) * invstd * weight + bias; save_mean/save_invstd [C] are what backward needs;
// running_mean/running_var [C] move by momentum (null to skip, as track_running_stats=False).
KERNEL void batchnorm_forward_train(GLOBAL float* out, GLOBAL float* save_mean, GLOBAL float* save_invstd,
                                    GLOBAL float* running_mean, GLOBAL float* running_var, const GLOBAL float* inp,
                                    const GLOBAL float* weight, const GLOBAL float* bias, int N, int C, int HW,
                                    float momentum, float eps) {
    SHARED float scratch[BN_THREADS];
    int c = BLOCK_X;
    i64 count = (i64)N * HW;
    float s = 0.0f;
    for (i64 j = THREAD_X; j < count; j += BN_THREADS) s += inp[((j / HW) * C + c) * HW + j % HW];
    float mean = bn_block_sum(scratch, s) / (float)count;
    float q = 0.0f;
    for (i64 j = THREAD_X; j < count; j += BN_THREADS) {
        float d = inp[((j / HW) * C + c) * HW + j % HW] - mean;
        q += d * d;
    }
    float var = bn_block_sum(scratch, q) / (float)count;
    float invstd = rsqrtf(var + eps);
    float g = weight ? weight[c] : 1.0f, b = bias ? bias[c] : 0.0f;
    for (i64 j = THREAD_X; j < count; j += BN_THREADS) {
        i64 idx = ((j / HW) * C + c) * HW + j % HW;
        out[idx] = (inp[idx] - mean) * invstd * g + b;
    }
    if (THREAD_X == 0) {
        save_mean[c] = mean;
        save_invstd[c] = invstd;
        if (running_mean) running_mean[c] = (1.0f - momentum) * running_mean[c] + momentum * mean;
        if (running_var) {
            float unbiased = count > 1 ? var * (float)count / (float)(count - 1) : var;
            running_var[c] = (1.0f - momentum) * running_var[c] + momentum * unbiased;
        }
    }
}

// Eval: out = (x - running_mean) / sqrt(running_var + eps) * weight + bias, one thread per element.
KERNEL void batchnorm_forward_eval(GLOBAL float* out, const GLOBAL float* inp, const GLOBAL float* running_mean,
                                   const GLOBAL float* running_var, const GLOBAL float* weight,
                                   const GLOBAL float* bias, int N, int C, int HW, float eps) {
    i64 n_total = (i64)N * C * HW;
    GRID_STRIDE_LOOP(i, n_total) {
        int c = (int)((i / HW) % C);
        float g = weight ? weight[c] : 1.0f, b = bias ? bias[c] : 0.0f;
        out[i] = (inp[i] - running_mean[c]) * rsqrtf(running_var[c] + eps) * g + b;
    }
}

// Backward with xhat = (x - mean) * invstd, M = N*HW: dbias = sum dout, dweight = sum dout * xhat, and
//   batch statistics (training):      dinp = weight * invstd / M * (M * dout - dbias - xhat * dweight)
//   running statistics (eval, fixed): dinp = weight * invstd * dout
// mean/invstd are what the forward used. dinp, dweight, dbias may each be null (not needed, or affine=False);
// they are overwritten, not accumulated.
KERNEL void batchnorm_backward(GLOBAL float* dinp, GLOBAL float* dweight, GLOBAL float* dbias,
                               const GLOBAL float* dout, const GLOBAL float* inp, const GLOBAL float* weight,
                               const GLOBAL float* save_mean, const GLOBAL float* save_invstd, int N, int C, int HW,
                               int batch_stats) {
    SHARED float scratch[BN_THREADS];
    int c = BLOCK_X;
    i64 count = (i64)N * HW;
    float mean = save_mean[c], invstd = save_invstd[c];
    float sd = 0.0f, sdx = 0.0f;
    for (i64 j = THREAD_X; j < count; j += BN_THREADS) {
        i64 idx = ((j / HW) * C + c) * HW + j % HW;
        float g = dout[idx];
        sd += g;
        sdx += g * (inp[idx] - mean) * invstd;
    }
    float sum_dout = bn_block_sum(scratch, sd);
    float sum_dout_xhat = bn_block_sum(scratch, sdx);
    float g = weight ? weight[c] : 1.0f;
    float k = g * invstd / (float)count;
    for (i64 j = THREAD_X; dinp && j < count; j += BN_THREADS) {
        i64 idx = ((j / HW) * C + c) * HW + j % HW;
        float xhat = (inp[idx] - mean) * invstd;
        dinp[idx] = batch_stats ? k * ((float)count * dout[idx] - sum_dout - xhat * sum_dout_xhat)
                                : g * invstd * dout[idx];
    }
    if (THREAD_X == 0) {
        if (dweight) dweight[c] = sum_dout_xhat;
        if (dbias) dbias[c] = sum_dout;
    }
}
