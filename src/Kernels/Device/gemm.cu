// gemm.cu — row-major SGEMM, the device twin of Cpu/Gemm.SgemmStridedBatched:
//   C[m,n] = alpha * op(A)[m,k] @ op(B)[k,n] + beta * C[m,n], batch matrices along blockIdx.z.
// A is [m,k] (or [k,m] when trans_a), B is [k,n] (or [n,k] when trans_b); lda/ldb/ldc are row strides.
// beta == 0 overwrites C without reading it, as BLAS does.
// Tiling: a 64x64 tile of C per block of 16x16 threads; each thread keeps a 4x4 block of C in registers and
// the block stages 64x16 slices of A and B in shared memory, so each loaded element is reused 64 times.
#include "prelude.h"

#define TILE_M 64
#define TILE_N 64
#define TILE_K 16
#define GEMM_THREADS_X 16
#define GEMM_THREADS_Y 16
#define THREAD_M 4  // TILE_M / GEMM_THREADS_Y
#define THREAD_N 4  // TILE_N / GEMM_THREADS_X

KERNEL void sgemm_strided_batched(int trans_a, int trans_b, int m, int n, int k, float alpha,
                                  const GLOBAL float* a, i64 a_offset, int lda, i64 stride_a,
                                  const GLOBAL float* b, i64 b_offset, int ldb, i64 stride_b,
                                  float beta, GLOBAL float* c, i64 c_offset, int ldc, i64 stride_c, int batch) {
    // +1 column of padding keeps the transposed stores into shared memory off one bank.
    SHARED float a_tile[TILE_K][TILE_M + 1];
    SHARED float b_tile[TILE_K][TILE_N + 1];
    int tx = THREAD_X, ty = THREAD_Y, tid = ty * GEMM_THREADS_X + tx;
    int row0 = BLOCK_Y * TILE_M, col0 = BLOCK_X * TILE_N;
    a += a_offset + (i64)BLOCK_Z * stride_a;
    b += b_offset + (i64)BLOCK_Z * stride_b;
    c += c_offset + (i64)BLOCK_Z * stride_c;

    float acc[THREAD_M][THREAD_N];
    for (int i = 0; i < THREAD_M; i++)
        for (int j = 0; j < THREAD_N; j++) acc[i][j] = 0.0f;

    for (int k0 = 0; k0 < k; k0 += TILE_K) {
        // 64x16 = 1024 elements of each operand, 4 per thread; out-of-range elements load as 0.
        for (int l = 0; l < 4; l++) {
            int e = tid + l * 256;
            int r = e / TILE_K, kk = e % TILE_K;  // A(row0 + r, k0 + kk)
            int gr = row0 + r, gk = k0 + kk;
            float v = 0.0f;
            if (gr < m && gk < k) v = trans_a ? a[(i64)gk * lda + gr] : a[(i64)gr * lda + gk];
            a_tile[kk][r] = v;
            int kb = e / TILE_N, cc = e % TILE_N;  // B(k0 + kb, col0 + cc)
            int gkb = k0 + kb, gc = col0 + cc;
            float w = 0.0f;
            if (gkb < k && gc < n) w = trans_b ? b[(i64)gc * ldb + gkb] : b[(i64)gkb * ldb + gc];
            b_tile[kb][cc] = w;
        }
        BARRIER();
        for (int kk = 0; kk < TILE_K; kk++) {
            float a_reg[THREAD_M], b_reg[THREAD_N];
            // Rows ty, ty+16, ...: neighbouring threads read neighbouring shared addresses.
            for (int i = 0; i < THREAD_M; i++) a_reg[i] = a_tile[kk][ty + i * GEMM_THREADS_Y];
            for (int j = 0; j < THREAD_N; j++) b_reg[j] = b_tile[kk][tx + j * GEMM_THREADS_X];
            for (int i = 0; i < THREAD_M; i++)
                for (int j = 0; j < THREAD_N; j++) acc[i][j] += a_reg[i] * b_reg[j];
        }
        BARRIER();
    }

    for (int i = 0; i < THREAD_M; i++) {
        int gr = row0 + ty + i * GEMM_THREADS_Y;
        if (gr >= m) continue;
        for (int j = 0; j < THREAD_N; j++) {
            int gc = col0 + tx + j * GEMM_THREADS_X;
            if (gc >= n) continue;
            GLOBAL float* cv = c + (i64)gr * ldc + gc;
            *cv = beta == 0.0f ? alpha * acc[i][j] : alpha * acc[i][j] + beta * *cv;
        }
    }
}
