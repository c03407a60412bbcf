// pool.cu — 2-D max, average and adaptive pooling on [N, C, H, W] -> [N, C, OH, OW], forward and backward.
// OH/OW come from the caller (torch's formula, ceil_mode included). Backward kernels gather over the windows
// that contain each input pixel instead of scattering, so they need no atomics and are deterministic.
#include "prelude.h"

// indices[n, c, oh, ow] = ih * W + iw of the max (flat within the plane, as torch); NaN wins.
KERNEL void maxpool2d_forward(GLOBAL float* out, GLOBAL i64* indices, const GLOBAL float* inp, int N, int C, int H,
                              int W, int OH, int OW, int KH, int KW, int stride_h, int stride_w, int pad_h, int pad_w,
                              int dil_h, int dil_w) {
    i64 n_total = (i64)N * C * OH * OW;
    GRID_STRIDE_LOOP(i, n_total) {
        int ow = (int)(i % OW), oh = (int)((i / OW) % OH);
        i64 nc = i / ((i64)OW * OH);
        const GLOBAL float* plane = inp + nc * H * W;
        float best = -F32_INF;
        i64 best_index = -1;
        for (int kh = 0; kh < KH; kh++) {
            int ih = oh * stride_h - pad_h + kh * dil_h;
            if (ih < 0 || ih >= H) continue;
            for (int kw = 0; kw < KW; kw++) {
                int iw = ow * stride_w - pad_w + kw * dil_w;
                if (iw < 0 || iw >= W) continue;
                float v = plane[ih * W + iw];
                if (best_index < 0 || v > best || (v != v && best == best)) { best = v; best_index = ih * W + iw; }
            }
        }
        out[i] = best;
        indices[i] = best_index;
    }
}

KERNEL void maxpool2d_backward(GLOBAL float* dinp, const GLOBAL float* dout, const GLOBAL i64* indices, int N, int C,
                               int H, int W, int OH, int OW, int KH, int KW, int stride_h, int stride_w, int pad_h,
                               int pad_w, int dil_h, int dil_w) {
    i64 n_total = (i64)N * C * H * W;
    GRID_STRIDE_LOOP(i, n_total) {
        int iw = (int)(i % W), ih = (int)((i / W) % H);
        i64 nc = i / ((i64)W * H);
        i64 me = (i64)ih * W + iw;
        float acc = 0.0f;
        for (int kh = 0; kh < KH; kh++) {
            int y = ih + pad_h - kh * dil_h;
            if (y < 0 || y % stride_h != 0 || y / stride_h >= OH) continue;
            for (int kw = 0; kw < KW; kw++) {
                int x = iw + pad_w - kw * dil_w;
                if (x < 0 || x % stride_w != 0 || x / stride_w >= OW) continue;
                i64 o = (nc * OH + y / stride_h) * OW + x / stride_w;
                if (indices[o] == me) acc += dout[o];
            }
        }
        dinp[i] = acc;
    }
}

// torch's avg_pool2d divisor: divisor_override when > 0, else the window clipped to the padded input
// (count_include_pad) or to the input. 0 means a window without input elements, whose output is 0.
DEVICE_FN int avgpool_divisor(int oh, int ow, int H, int W, int KH, int KW, int stride_h, int stride_w, int pad_h,
                              int pad_w, int count_include_pad, int divisor_override) {
    if (divisor_override > 0) return divisor_override;
    int h0 = oh * stride_h - pad_h, w0 = ow * stride_w - pad_w;
    int h1 = h0 + KH < H + pad_h ? h0 + KH : H + pad_h;
    int w1 = w0 + KW < W + pad_w ? w0 + KW : W + pad_w;
    int padded = (h1 - h0) * (w1 - w0);
    if (count_include_pad) return padded;
    h0 = h0 > 0 ? h0 : 0;
    w0 = w0 > 0 ? w0 : 0;
    h1 = h1 < H ? h1 : H;
    w1 = w1 < W ? w1 : W;
    return h1 > h0 && w1 > w0 ? (h1 - h0) * (w1 - w0) : 0;
}

KERNEL void avgpool2d_forward(GLOBAL float* out, const GLOBAL float* inp, int N, int C, int H, int W, int OH, int OW,
                              int KH, int KW, int stride_h, int stride_w, int pad_h, int pad_w, int count_include_pad,
                              int divisor_override) {
    i64 n_total = (i64)N * C * OH * OW;
    GRID_STRIDE_LOOP(i, n_total) {
        int ow = (int)(i % OW), oh = (int)((i / OW) % OH);
        i64 nc = i / ((i64)OW * OH);
        const GLOBAL float* plane = inp + nc * H * W;
        float acc = 0.0f;
        for (int kh = 0; kh < KH; kh++) {
            int ih = oh * stride_h - pad_h + kh;
            if (ih < 0 || ih >= H) continue;
            for (int kw = 0; kw < KW; kw++) {
                int iw = ow * stride_w - pad_w + kw;
                if (iw >= 0 && iw < W) acc += plane[ih * W + iw];
            }
        }
        int divisor = avgpool_divisor(oh, ow, H, W, KH, KW, stride_h, stride_w, pad_h, pad_w, count_include_pad,
                                      divisor_override);
        out[i] = divisor > 0 ? acc / (float)divisor : 0.0f;
    }
}

KERNEL void avgpool2d_backward(GLOBAL float* dinp, const GLOBAL float* dout, int N, int C, int H, int W, int OH,
                               int OW, int KH, int KW, int stride_h, int stride_w, int pad_h, int pad_w,
                               int count_include_pad, int divisor_override) {
    i64 n_total = (i64)N * C * H * W;
    GRID_STRIDE_LOOP(i, n_total) {
        int iw = (int)(i % W), ih = (int)((i / W) % H);
        i64 nc = i / ((i64)W * H);
        float acc = 0.0f;
        for (int kh = 0; kh < KH; kh++) {
            int y = ih + pad_h - kh;
            if (y < 0 || y % stride_h != 0 || y / stride_h >= OH) continue;
            for (int kw = 0; kw < KW; kw++) {
                int x = iw + pad_w - kw;
                if (x < 0 || x % stride_w != 0 || x / stride_w >= OW) continue;
                int oh = y / stride_h, ow = x / stride_w;
                int divisor = avgpool_divisor(oh, ow, H, W, KH, KW, stride_h, stride_w, pad_h, pad_w,
                                              count_include_pad, divisor_override);
                if (divisor > 0) acc += dout[(nc * OH + oh) * OW + ow] / (float)divisor;
            }
        }
        dinp[i] = acc;
    }
}

// Adaptive pooling: output cell (oh, ow) covers rows [floor(oh*H/OH), ceil((oh+1)*H/OH)) and likewise columns.
DEVICE_FN int adaptive_start(int o, int in_size, int out_size) { return (int)(((i64)o * in_size) / out_size); }
DEVICE_FN int adaptive_end(int o, int in_size, int out_size) {
    return (int)(((i64)(o + 1) * in_size + out_size - 1) / out_size);
}

// Window mean (avg) or max with its flat ih * W + iw index (max; NaN wins, as torch). indices may be null for avg.
KERNEL void adaptive_pool2d_forward(GLOBAL float* out, GLOBAL i64* indices, const GLOBAL float* inp, int N, int C,
                                    int H, int W, int OH, int OW, int take_max) {
    i64 n_total = (i64)N * C * OH * OW;
    GRID_STRIDE_LOOP(i, n_total) {
        int ow = (int)(i % OW), oh = (int)((i / OW) % OH);
        const GLOBAL float* plane = inp + (i / ((i64)OW * OH)) * H * W;
        int h0 = adaptive_start(oh, H, OH), h1 = adaptive_end(oh, H, OH);
        int w0 = adaptive_start(ow, W, OW), w1 = adaptive_end(ow, W, OW);
        float acc = take_max ? -F32_INF : 0.0f;
        i64 best = (i64)h0 * W + w0;
        for (int ih = h0; ih < h1; ih++) {
            for (int iw = w0; iw < w1; iw++) {
                float v = plane[ih * W + iw];
                if (!take_max) acc += v;
                else if (v > acc || v != v) { acc = v; best = (i64)ih * W + iw; }
            }
        }
        out[i] = take_max ? acc : acc / (float)((h1 - h0) * (w1 - w0));
        if (take_max) indices[i] = best;
    }
}

// Each input pixel gathers from the windows that contain it: dout / window size (avg) or dout where it was the
// max (indices from the forward). Gathering needs no atomics.
KERNEL void adaptive_pool2d_backward(GLOBAL float* dinp, const GLOBAL float* dout, const GLOBAL i64* indices, int N,
                                     int C, int H, int W, int OH, int OW, int take_max) {
    i64 n_total = (i64)N * C * H * W;
    GRID_STRIDE_LOOP(i, n_total) {
        int iw = (int)(i % W), ih = (int)((i / W) % H);
        i64 nc = i / ((i64)W * H);
        i64 me = (i64)ih * W + iw;
        // candidate windows: those with end > ih start at oh >= floor(ih*OH/H), those with start <= ih below
        // ceil((ih+1)*OH/H); membership is checked exactly
        int oh_end = adaptive_end(ih, OH, H), ow_end = adaptive_end(iw, OW, W);
        float acc = 0.0f;
        for (int oh = adaptive_start(ih, OH, H); oh < oh_end && oh < OH; oh++) {
            int h0 = adaptive_start(oh, H, OH), h1 = adaptive_end(oh, H, OH);
            if (ih < h0 || ih >= h1) continue;
            for (int ow = adaptive_start(iw, OW, W); ow < ow_end && ow < OW; ow++) {
                int w0 = adaptive_start(ow, W, OW), w1 = adaptive_end(ow, W, OW);
                if (iw < w0 || iw >= w1) continue;
                i64 o = (nc * OH + oh) * OW + ow;
                if (!take_max) acc += dout[o] / (float)((h1 - h0) * (w1 - w0));
                else if (indices[o] == me) acc += dout[o];
            }
        }
        dinp[i] = acc;
    }
}
