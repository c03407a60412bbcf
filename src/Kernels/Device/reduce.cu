// reduce.cu — reductions and scans along one dimension of a contiguous tensor viewed as [outer, reduce, inner].
// One block of REDUCE_THREADS threads per output element (outer * inner blocks); each thread strides over the
// reduced axis, then a tree reduction in shared memory. out is [outer, inner].
#include "prelude.h"

#define REDUCE_THREADS 256

// out[o, c, i] = scale * sum_{r in chunk c} inp[o, r, i]   (scale = 1 for sum, 1/reduce for mean).
// Chunk c (BLOCK_Y) covers r in [c * chunk_len, (c + 1) * chunk_len): with chunk_len = reduce there is one chunk and
// out is [outer, inner]; a long axis with few outputs is split over many blocks and the host sums the chunks after.
KERNEL void reduce_sum_forward(GLOBAL float* out, const GLOBAL float* inp, int outer, int reduce, int inner,
                               int chunk_len, float scale) {
    SHARED float partial[REDUCE_THREADS];
    int o = BLOCK_X / inner, i = BLOCK_X % inner, t = THREAD_X, chunk = BLOCK_Y;
    int chunks = (reduce + chunk_len - 1) / chunk_len;
    int begin = chunk * chunk_len, end = begin + chunk_len < reduce ? begin + chunk_len : reduce;
    const GLOBAL float* row = inp + (i64)o * reduce * inner + i;
    float acc = 0.0f;
    for (int r = begin + t; r < end; r += REDUCE_THREADS) acc += row[(i64)r * inner];
    partial[t] = acc;
    BARRIER();
    for (int stride = REDUCE_THREADS / 2; stride > 0; stride >>= 1) {
        if (t < stride) partial[t] += partial[t + stride];
        BARRIER();
    }
    if (t == 0) out[((i64)o * chunks + chunk) * inner + i] = partial[0] * scale;
}

// The same sums with one thread per output (and chunk): for short axes and for inner > 1, where neighbouring threads
// read neighbouring elements; a block per output would leave most of its threads idle there.
KERNEL void reduce_sum_lines(GLOBAL float* out, const GLOBAL float* inp, int outer, int reduce, int inner, int chunk_len,
                             float scale) {
    int chunks = (reduce + chunk_len - 1) / chunk_len;
    i64 n = (i64)outer * chunks * inner;
    GRID_STRIDE_LOOP(t, n) {
        i64 i = t % inner, chunk = (t / inner) % chunks, o = t / ((i64)inner * chunks);
        int begin = (int)chunk * chunk_len, end = begin + chunk_len < reduce ? begin + chunk_len : reduce;
        const GLOBAL float* line = inp + o * reduce * inner + i;
        float acc = 0.0f;
        for (int r = begin; r < end; r++) acc += line[(i64)r * inner];
        out[t] = acc * scale;
    }
}

// out[o, i] = max_r inp[o, r, i], indices[o, i] = the first r attaining it (NaN wins, as torch.max).
KERNEL void reduce_max_forward(GLOBAL float* out, GLOBAL i64* indices, const GLOBAL float* inp, int outer,
                               int reduce, int inner) {
    SHARED float best[REDUCE_THREADS];
    SHARED int best_index[REDUCE_THREADS];
    int o = BLOCK_X / inner, i = BLOCK_X % inner, t = THREAD_X;
    const GLOBAL float* row = inp + (i64)o * reduce * inner + i;
    float m = -F32_INF;
    int mi = reduce;  // "none yet": larger than any real index so ties pick the smaller
    for (int r = t; r < reduce; r += REDUCE_THREADS) {
        float v = row[(i64)r * inner];
        if (mi == reduce || v > m || (v != v && m == m)) { m = v; mi = r; }
    }
    best[t] = m;
    best_index[t] = mi;
    BARRIER();
    for (int stride = REDUCE_THREADS / 2; stride > 0; stride >>= 1) {
        if (t < stride) {
            float a = best[t], b = best[t + stride];
            int ai = best_index[t], bi = best_index[t + stride];
            int take_b = bi < reduce && (ai == reduce || b > a || (b == a && bi < ai) || (b != b && a == a) ||
                                         (b != b && a != a && bi < ai));
            if (take_b) { best[t] = b; best_index[t] = bi; }
        }
        BARRIER();
    }
    if (t == 0) {
        out[(i64)o * inner + i] = best[0];
        if (indices) indices[(i64)o * inner + i] = best_index[0];
    }
}

// Backward of max along a dim: grad_inp[o, r, i] = (r == indices[o, i]) ? grad_out[o, i] : 0.
KERNEL void reduce_max_backward(GLOBAL float* grad_inp, const GLOBAL float* grad_out, const GLOBAL i64* indices,
                                int outer, int reduce, int inner) {
    i64 n = (i64)outer * reduce * inner;
    GRID_STRIDE_LOOP(idx, n) {
        int i = (int)(idx % inner);
        int r = (int)((idx / inner) % reduce);
        i64 o = idx / ((i64)inner * reduce);
        i64 oi = o * inner + i;
        grad_inp[idx] = indices[oi] == r ? grad_out[oi] : 0.0f;
    }
}

// Backward of sum/mean: grad_inp[o, r, i] = scale * grad_out[o, i] (a broadcast along the reduced dim).
KERNEL void reduce_sum_backward(GLOBAL float* grad_inp, const GLOBAL float* grad_out, int outer, int reduce,
                                int inner, float scale) {
    i64 n = (i64)outer * reduce * inner;
    GRID_STRIDE_LOOP(idx, n) {
        int i = (int)(idx % inner);
        i64 o = idx / ((i64)inner * reduce);
        grad_inp[idx] = scale * grad_out[o * inner + i];
    }
}

// out[o, r, i] = sum_{r' <= r} inp[o, r', i] (or r' >= r when reverse: the backward of cumsum). One thread per
// (o, i) walks its line in order, so the sums are those of the CPU's sequential scan.
KERNEL void cumsum(GLOBAL float* out, const GLOBAL float* inp, int outer, int n, int inner, int reverse) {
    i64 lines = (i64)outer * inner;
    GRID_STRIDE_LOOP(line, lines) {
        i64 base = (line / inner) * n * inner + line % inner;
        float acc = 0.0f;
        for (int k = 0; k < n; k++) {
            i64 at = base + (i64)(reverse ? n - 1 - k : k) * inner;
            acc += inp[at];
            out[at] = acc;
        }
    }
}
