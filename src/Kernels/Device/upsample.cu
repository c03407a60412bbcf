// upsample.cu — [N, C, H, W] -> [N, C, OH, OW] by nearest or bilinear interpolation, as torch's
// F.interpolate(size=(OH, OW)) computes source coordinates. Backward scatters with atomic adds into a
// zero-filled dinp (the host zeroes it first).
#include "prelude.h"

// torch's nearest: src = min(floor(dst * in / out), in - 1)
DEVICE_FN int nearest_source(int dst, int in_size, int out_size) {
    int s = (int)floorf((float)dst * ((float)in_size / (float)out_size));
    return s < in_size - 1 ? s : in_size - 1;
}

KERNEL void upsample_nearest2d_forward(GLOBAL float* out, const GLOBAL float* inp, int N, int C, int H, int W,
                                       int OH, int OW) {
    i64 n_total = (i64)N * C * OH * OW;
    GRID_STRIDE_LOOP(i, n_total) {
        int ow = (int)(i % OW), oh = (int)((i / OW) % OH);
        i64 nc = i / ((i64)OW * OH);
        out[i] = inp[(nc * H + nearest_source(oh, H, OH)) * W + nearest_source(ow, W, OW)];
    }
}

KERNEL void upsample_nearest2d_backward(GLOBAL float* dinp, const GLOBAL float* dout, int N, int C, int H, int W,
                                        int OH, int OW) {
    i64 n_total = (i64)N * C * OH * OW;
    GRID_STRIDE_LOOP(i, n_total) {
        int ow = (int)(i % OW), oh = (int)((i / OW) % OH);
        i64 nc = i / ((i64)OW * OH);
        atomic_add_f32(&dinp[(nc * H + nearest_source(oh, H, OH)) * W + nearest_source(ow, W, OW)], dout[i]);
    }
}

// torch's area_pixel_compute_source_index for linear modes.
DEVICE_FN float linear_source(int dst, int in_size, int out_size, int align_corners) {
    if (align_corners) {
        float scale = out_size > 1 ? (float)(in_size - 1) / (float)(out_size - 1) : 0.0f;
        return scale * (float)dst;
    }
    float s = ((float)in_size / (float)out_size) * ((float)dst + 0.5f) - 0.5f;
    return s < 0.0f ? 0.0f : s;
}

KERNEL void upsample_bilinear2d_forward(GLOBAL float* out, const GLOBAL float* inp, int N, int C, int H, int W,
                                        int OH, int OW, int align_corners) {
    i64 n_total = (i64)N * C * OH * OW;
    GRID_STRIDE_LOOP(i, n_total) {
        int ow = (int)(i % OW), oh = (int)((i / OW) % OH);
        const GLOBAL float* plane = inp + (i / ((i64)OW * OH)) * H * W;
        float sy = linear_source(oh, H, OH, align_corners), sx = linear_source(ow, W, OW, align_corners);
        int y0 = (int)sy, x0 = (int)sx;
        int y1 = y0 + (y0 < H - 1 ? 1 : 0), x1 = x0 + (x0 < W - 1 ? 1 : 0);
        float ly = sy - (float)y0, lx = sx - (float)x0;
        out[i] = (1.0f - ly) * ((1.0f - lx) * plane[y0 * W + x0] + lx * plane[y0 * W + x1]) +
                 ly * ((1.0f - lx) * plane[y1 * W + x0] + lx * plane[y1 * W + x1]);
    }
}

KERNEL void upsample_bilinear2d_backward(GLOBAL float* dinp, const GLOBAL float* dout, int N, int C, int H, int W,
                                         int OH, int OW, int align_corners) {
    i64 n_total = (i64)N * C * OH * OW;
    GRID_STRIDE_LOOP(i, n_total) {
        int ow = (int)(i % OW), oh = (int)((i / OW) % OH);
        GLOBAL float* plane = dinp + (i / ((i64)OW * OH)) * H * W;
        float sy = linear_source(oh, H, OH, align_corners), sx = linear_source(ow, W, OW, align_corners);
        int y0 = (int)sy, x0 = (int)sx;
        int y1 = y0 + (y0 < H - 1 ? 1 : 0), x1 = x0 + (x0 < W - 1 ? 1 : 0);
        float ly = sy - (float)y0, lx = sx - (float)x0, g = dout[i];
        atomic_add_f32(&plane[y0 * W + x0], (1.0f - ly) * (1.0f - lx) * g);
        atomic_add_f32(&plane[y0 * W + x1], (1.0f - ly) * lx * g);
        atomic_add_f32(&plane[y1 * W + x0], ly * (1.0f - lx) * g);
        atomic_add_f32(&plane[y1 * W + x1], ly * lx * g);
    }
}
