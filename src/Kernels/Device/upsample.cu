// upsample.cu — [N, C, H, W] -> [N, C, OH, OW] by nearest or bilinear interpolation with torch's source-index
// formulas (src/Kernels/Cpu/UpsampleKernels.cs). The host passes the float scale per axis: in/out when a size was
// given, 1/scale_factor when the user gave one, (in-1)/(out-1) (0 when out == 1) for align_corners.
// Backward scatters with atomic adds into a zero-filled dinp (the host zeroes it first).
#include "prelude.h"

// torch's nearest: src = min(floor(dst * scale), in - 1), with its two exact shortcuts.
DEVICE_FN int nearest_source(int dst, int in_size, int out_size, float scale) {
    if (out_size == in_size) return dst;
    if (out_size == 2 * in_size) return dst >> 1;
    int s = (int)floorf((float)dst * scale);
    return s < in_size - 1 ? s : in_size - 1;
}

KERNEL void upsample_nearest2d_forward(GLOBAL float* out, const GLOBAL float* inp, int N, int C, int H, int W,
                                       int OH, int OW, float scale_h, float scale_w) {
    i64 n_total = (i64)N * C * OH * OW;
    GRID_STRIDE_LOOP(i, n_total) {
        int ow = (int)(i % OW), oh = (int)((i / OW) % OH);
        i64 nc = i / ((i64)OW * OH);
        out[i] = inp[(nc * H + nearest_source(oh, H, OH, scale_h)) * W + nearest_source(ow, W, OW, scale_w)];
    }
}

KERNEL void upsample_nearest2d_backward(GLOBAL float* dinp, const GLOBAL float* dout, int N, int C, int H, int W,
                                        int OH, int OW, float scale_h, float scale_w) {
    i64 n_total = (i64)N * C * OH * OW;
    GRID_STRIDE_LOOP(i, n_total) {
        int ow = (int)(i % OW), oh = (int)((i / OW) % OH);
        i64 nc = i / ((i64)OW * OH);
        atomic_add_f32(&dinp[(nc * H + nearest_source(oh, H, OH, scale_h)) * W + nearest_source(ow, W, OW, scale_w)],
                       dout[i]);
    }
}

// The two taps and the weight of the second along one axis (torch's area_pixel_compute_source_index).
DEVICE_FN void linear_taps(int dst, int in_size, float scale, int align_corners, int* i0, int* i1, float* lambda) {
    float src = align_corners ? scale * (float)dst : scale * ((float)dst + 0.5f) - 0.5f;
    if (!align_corners && src < 0.0f) src = 0.0f;
    int f = (int)floorf(src);
    *i0 = f < in_size - 1 ? f : in_size - 1;
    *i1 = *i0 + (*i0 < in_size - 1 ? 1 : 0);
    float l = src - (float)*i0;
    *lambda = l < 0.0f ? 0.0f : (l > 1.0f ? 1.0f : l);
}

KERNEL void upsample_bilinear2d_forward(GLOBAL float* out, const GLOBAL float* inp, int N, int C, int H, int W,
                                        int OH, int OW, float scale_h, float scale_w, int align_corners) {
    i64 n_total = (i64)N * C * OH * OW;
    GRID_STRIDE_LOOP(i, n_total) {
        int ow = (int)(i % OW), oh = (int)((i / OW) % OH);
        const GLOBAL float* plane = inp + (i / ((i64)OW * OH)) * H * W;
        int y0, y1, x0, x1;
        float ly, lx;
        linear_taps(oh, H, scale_h, align_corners, &y0, &y1, &ly);
        linear_taps(ow, W, scale_w, align_corners, &x0, &x1, &lx);
        out[i] = (1.0f - ly) * ((1.0f - lx) * plane[y0 * W + x0] + lx * plane[y0 * W + x1]) +
                 ly * ((1.0f - lx) * plane[y1 * W + x0] + lx * plane[y1 * W + x1]);
    }
}

KERNEL void upsample_bilinear2d_backward(GLOBAL float* dinp, const GLOBAL float* dout, int N, int C, int H, int W,
                                         int OH, int OW, float scale_h, float scale_w, int align_corners) {
    i64 n_total = (i64)N * C * OH * OW;
    GRID_STRIDE_LOOP(i, n_total) {
        int ow = (int)(i % OW), oh = (int)((i / OW) % OH);
        GLOBAL float* plane = dinp + (i / ((i64)OW * OH)) * H * W;
        int y0, y1, x0, x1;
        float ly, lx, g = dout[i];
        linear_taps(oh, H, scale_h, align_corners, &y0, &y1, &ly);
        linear_taps(ow, W, scale_w, align_corners, &x0, &x1, &lx);
        atomic_add_f32(&plane[y0 * W + x0], (1.0f - ly) * (1.0f - lx) * g);
        atomic_add_f32(&plane[y0 * W + x1], (1.0f - ly) * lx * g);
        atomic_add_f32(&plane[y1 * W + x0], ly * (1.0f - lx) * g);
        atomic_add_f32(&plane[y1 * W + x1], ly * lx * g);
    }
}
