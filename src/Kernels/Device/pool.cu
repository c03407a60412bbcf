// pool.cu — 2-D max and average pooling on [N, C, H, W] -> [N, C, OH, OW], forward and backward.
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

// torch's avg_pool2d divisor: the window clipped to the padded input (count_include_pad) or to the input.
DEVICE_FN int avgpool_divisor(int oh, int ow, int H, int W, int KH, int KW, int stride_h, int stride_w, int pad_h,
                              int pad_w, int count_include_pad) {
    int h0 = oh * stride_h - pad_h, w0 = ow * stride_w - pad_w;
    int h1 = h0 + KH < H + pad_h ? h0 + KH : H + pad_h;
    int w1 = w0 + KW < W + pad_w ? w0 + KW : W + pad_w;
    int padded = (h1 - h0) * (w1 - w0);
    if (count_include_pad) return padded;
    h0 = h0 > 0 ? h0 : 0;
    w0 = w0 > 0 ? w0 : 0;
    h1 = h1 < H ? h1 : H;
    w1 = w1 < W ? w1 : W;
    return (h1 - h0) * (w1 - w0);
}

KERNEL void avgpool2d_forward(GLOBAL float* out, const GLOBAL float* inp, int N, int C, int H, int W, int OH, int OW,
                              int KH, int KW, int stride_h, int stride_w, int pad_h, int pad_w, int count_include_pad) {
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
        out[i] = acc / (float)avgpool_divisor(oh, ow, H, W, KH, KW, stride_h, stride_w, pad_h, pad_w,
                                              count_include_pad);
    }
}

KERNEL void avgpool2d_backward(GLOBAL float* dinp, const GLOBAL float* dout, int N, int C, int H, int W, int OH,
                               int OW, int KH, int KW, int stride_h, int stride_w, int pad_h, int pad_w,
                               int count_include_pad) {
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
                acc += dout[(nc * OH + oh) * OW + ow] /
                       (float)avgpool_divisor(oh, ow, H, W, KH, KW, stride_h, stride_w, pad_h, pad_w, count_include_pad);
            }
        }
        dinp[i] = acc;
    }
}
