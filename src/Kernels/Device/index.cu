// index.cu — gather / scatter_add along one dim and index_select / index_add (torch semantics), the device twins
// of src/Kernels/Cpu/IndexKernels.cs. Positions p range over the index tensor's shape, passed unmerged (dim matters).
// An index outside [0, size of dim) reads NaN (gather, index_select of floats) and is skipped by the adds.
#include "strided.h"

// Offset in view `s` of position `linear` of `shape`, with the coordinate along `dim` replaced by `at`.
DEVICE_FN i64 offset_with(i64 linear, Shape shape, Strides s, int dim, i64 at) {
    i64 offset = s.offset;
    for (int d = shape.ndim - 1; d >= 0; d--) {
        i64 size = shape.size[d];
        offset += (d == dim ? at : linear % size) * s.stride[d];
        linear /= size;
    }
    return offset;
}

// out[p] = x[p with p[dim] := index[p]]; out and index dense in index's shape, x any view of size dim_size on dim.
#define GATHER_KERNEL(NAME, T, MISSING) \
    KERNEL void NAME(GLOBAL T* out, const GLOBAL T* x, Strides x_s, const GLOBAL i64* index, Shape shape, int dim, \
                     i64 dim_size, i64 n) { \
        GRID_STRIDE_LOOP(i, n) { \
            i64 at = index[i]; \
            out[i] = at >= 0 && at < dim_size ? x[offset_with(i, shape, x_s, dim, at)] : MISSING; \
        } \
    }
GATHER_KERNEL(gather_f32, float, F32_NAN)
GATHER_KERNEL(gather_i64, i64, 0)

// y[p with p[dim] := index[p]] += src[p]; y is a dense view (strides y_s) of size dim_size on dim, src and index
// dense in index's shape. Repeated indices add up (atomics), so the order of the adds is not fixed.
KERNEL void scatter_add_f32(GLOBAL float* y, Strides y_s, const GLOBAL float* src, const GLOBAL i64* index, Shape shape,
                            int dim, i64 dim_size, i64 n) {
    GRID_STRIDE_LOOP(i, n) {
        i64 at = index[i];
        if (at >= 0 && at < dim_size) atomic_add_f32(&y[offset_with(i, shape, y_s, dim, at)], src[i]);
    }
}

// y[o, j, i] = x[o, index[j], i]: x dense [outer, size, inner], y dense [outer, count, inner].
#define INDEX_SELECT_KERNEL(NAME, T, MISSING) \
    KERNEL void NAME(GLOBAL T* y, const GLOBAL T* x, const GLOBAL i64* index, int outer, int size, int inner, \
                     int count) { \
        i64 n = (i64)outer * count * inner; \
        GRID_STRIDE_LOOP(k, n) { \
            i64 i = k % inner, j = (k / inner) % count, o = k / ((i64)inner * count); \
            i64 at = index[j]; \
            y[k] = at >= 0 && at < size ? x[(o * size + at) * inner + i] : MISSING; \
        } \
    }
INDEX_SELECT_KERNEL(index_select_f32, float, F32_NAN)
INDEX_SELECT_KERNEL(index_select_i64, i64, 0)
INDEX_SELECT_KERNEL(index_select_i32, int, 0)
INDEX_SELECT_KERNEL(index_select_u8, u8, 0)

// dx[o, index[j], i] += g[o, j, i] (the backward of index_select); dx is zeroed by the host first.
KERNEL void index_add_f32(GLOBAL float* dx, const GLOBAL float* g, const GLOBAL i64* index, int outer, int size,
                          int inner, int count) {
    i64 n = (i64)outer * count * inner;
    GRID_STRIDE_LOOP(k, n) {
        i64 i = k % inner, j = (k / inner) % count, o = k / ((i64)inner * count);
        i64 at = index[j];
        if (at >= 0 && at < size) atomic_add_f32(&dx[(o * size + at) * inner + i], g[k]);
    }
}
