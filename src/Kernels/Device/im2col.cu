// im2col.cu — unfold image patches into columns so convolution is a GEMM (Caffe's layout):
//   inp [N, C, H, W]  <->  col [N, C*KH*KW, OH*OW]
//   conv2d forward:   out[n] = weight[OC, C*KH*KW] @ col[n]                 (strided-batched GEMM, stride_a = 0)
//   conv2d backward:  dcol[n] = weight^T @ dout[n], dinp = col2im(dcol);  dweight += dout[n] @ col[n]^T
//   conv_transpose2d: forward is conv2d's backward-data (GEMM then col2im), backward-data is im2col then GEMM.
// OH = (H + 2*pad_h - dil_h*(KH-1) - 1) / stride_h + 1, computed by the caller. inp_offset (elements) selects the
// first image of a batch chunk within the image buffer.
#include "prelude.h"

// One thread per col element; padding reads as 0.
KERNEL void im2col(GLOBAL float* col, const GLOBAL float* inp, i64 inp_offset, int N, int C, int H, int W, int KH,
                   int KW, int pad_h, int pad_w, int stride_h, int stride_w, int dil_h, int dil_w, int OH, int OW) {
    inp += inp_offset;
    i64 n_total = (i64)N * C * KH * KW * OH * OW;
    GRID_STRIDE_LOOP(i, n_total) {
        int ow = (int)(i % OW);
        int oh = (int)((i / OW) % OH);
        i64 row = i / ((i64)OW * OH);  // n * C*KH*KW + c*KH*KW + kh*KW + kw
        int kw = (int)(row % KW);
        int kh = (int)((row / KW) % KH);
        i64 nc = row / ((i64)KW * KH);  // n * C + c
        int ih = oh * stride_h - pad_h + kh * dil_h;
        int iw = ow * stride_w - pad_w + kw * dil_w;
        col[i] = (ih >= 0 && ih < H && iw >= 0 && iw < W) ? inp[(nc * H + ih) * W + iw] : 0.0f;
    }
}

// The adjoint of im2col: each input pixel gathers (sums) every column entry that was read from it.
// Gathering instead of scattering needs no atomics and is deterministic.
KERNEL void col2im(GLOBAL float* inp, i64 inp_offset, const GLOBAL float* col, int N, int C, int H, int W, int KH,
                   int KW, int pad_h, int pad_w, int stride_h, int stride_w, int dil_h, int dil_w, int OH, int OW) {
    inp += inp_offset;
    i64 n_total = (i64)N * C * H * W;
    GRID_STRIDE_LOOP(i, n_total) {
        int iw = (int)(i % W);
        int ih = (int)((i / W) % H);
        i64 nc = i / ((i64)W * H);
        float acc = 0.0f;
        for (int kh = 0; kh < KH; kh++) {
            int y = ih + pad_h - kh * dil_h;  // = oh * stride_h
            if (y < 0 || y % stride_h != 0) continue;
            int oh = y / stride_h;
            if (oh >= OH) continue;
            for (int kw = 0; kw < KW; kw++) {
                int x = iw + pad_w - kw * dil_w;
                if (x < 0 || x % stride_w != 0) continue;
                int ow = x / stride_w;
                if (ow >= OW) continue;
                i64 row = (nc * KH + kh) * KW + kw;
                acc += col[(row * OH + oh) * OW + ow];
            }
        }
        inp[i] = acc;
    }
}
