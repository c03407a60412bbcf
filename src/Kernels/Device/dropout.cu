// dropout.cu — inverted dropout with a counter-based mask: element i keeps when
// Philox uniform element i of (seed, offset) is >= p (src/Kernels/Philox.cs), so the CPU and every device
// draw the same mask. mask[n] is 1 (kept) or 0; kept elements are scaled by 1 / (1 - p).
#include "prelude.h"
#include "philox.h"

KERNEL void dropout_forward(GLOBAL float* out, GLOBAL u8* mask, const GLOBAL float* inp, i64 n, float p,
                            u64 seed, u64 offset) {
    float scale = p < 1.0f ? 1.0f / (1.0f - p) : 0.0f;
    GRID_STRIDE_LOOP(i, n) {
        int keep = philox_uniform(seed, offset, i) >= p;
        mask[i] = (u8)keep;
        out[i] = keep ? inp[i] * scale : 0.0f;
    }
}

KERNEL void dropout_backward(GLOBAL float* dinp, const GLOBAL float* dout, const GLOBAL u8* mask, i64 n, float p) {
    float scale = p < 1.0f ? 1.0f / (1.0f - p) : 0.0f;
    GRID_STRIDE_LOOP(i, n) { dinp[i] = mask[i] ? dout[i] * scale : 0.0f; }
}

// out[n] = Philox uniform element i of (seed, offset) — torch.rand on the device, same numbers as the CPU.
KERNEL void philox_uniform_fill(GLOBAL float* out, i64 n, u64 seed, u64 offset) {
    GRID_STRIDE_LOOP(i, n) { out[i] = philox_uniform(seed, offset, i); }
}
