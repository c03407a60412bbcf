// dropout.cu — inverted dropout with a counter-based mask: element i is kept when Philox uniform element i of
// (seed, offset) (src/Kernels/Philox.cs) is below the keep probability 1 - p, exactly the CPU's
// Bernoulli(1 - p) mask, so the same seed gives the same mask on every backend. The host passes the threshold as
// keep_below = ceil((1 - p) * 2^24) on the uniform's 24 bits, and scale = 1 / (1 - p) rounded to float as the CPU's.
// mask[n] is 1 (kept) or 0; kept elements are multiplied by scale.
#include "prelude.h"
#include "philox.h"

KERNEL void dropout_forward(GLOBAL float* out, GLOBAL u8* mask, const GLOBAL float* inp, i64 n, int keep_below,
                            float scale, u64 seed, u64 offset) {
    GRID_STRIDE_LOOP(i, n) {
        int keep = philox_bits24(seed, offset, i) < (u32)keep_below;
        mask[i] = (u8)keep;
        out[i] = keep ? inp[i] * scale : 0.0f;
    }
}

KERNEL void dropout_backward(GLOBAL float* dinp, const GLOBAL float* dout, const GLOBAL u8* mask, i64 n, float scale) {
    GRID_STRIDE_LOOP(i, n) { dinp[i] = mask[i] ? dout[i] * scale : 0.0f; }
}

// out[n] = Philox uniform element i of (seed, offset) — torch.rand on the device, same numbers as the CPU.
KERNEL void philox_uniform_fill(GLOBAL float* out, i64 n, u64 seed, u64 offset) {
    GRID_STRIDE_LOOP(i, n) { out[i] = philox_uniform(seed, offset, i); }
}
