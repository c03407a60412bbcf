// strided.h — how a kernel finds the elements of a tensor view: the logical shape shared by every operand of one
// launch (at most 8 dims, merged by the host where contiguous) and one operand's offset and element strides.
// Broadcast dims have stride 0; permuted or narrowed views need no copies.
#ifndef ILGPUNET_STRIDED_H
#define ILGPUNET_STRIDED_H
#include "prelude.h"

#define MAX_DIMS 8

// Logical shape shared by all operands of one launch (C#: IlgpuNet.Kernels.Gpu.KernelShape).
typedef struct { i64 size[MAX_DIMS]; int ndim; int pad; } Shape;
// Where one operand's elements are (C#: IlgpuNet.Kernels.Gpu.KernelStrides).
typedef struct { i64 offset; i64 stride[MAX_DIMS]; } Strides;

// Element offset of logical (row-major) linear index `linear` in a view.
DEVICE_FN i64 strided_offset(i64 linear, Shape shape, Strides s) {
    i64 offset = s.offset;
    for (int d = shape.ndim - 1; d >= 0; d--) {
        i64 size = shape.size[d];
        offset += (linear % size) * s.stride[d];
        linear /= size;
    }
    return offset;
}

#endif
