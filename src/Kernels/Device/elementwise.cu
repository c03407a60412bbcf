// elementwise.cu — one strided/broadcast family for every pointwise op.
// Each operand is a view: the shared logical shape (ndim <= 8 sizes) plus its own element strides and offset,
// so broadcasting (stride 0) and non-contiguous views (permute, narrow, expand) need no copies.
// The output is a view too; a strided copy is the IDENTITY unary op into a contiguous output.
//   unary:  out[idx] = f(a[idx]; p0, p1)        binary: out[idx] = g(a[idx], b[idx])
//   scalar: out[idx] = g(a[idx], s) or g(s, a[idx]) (reversed)
#include "prelude.h"

#define MAX_DIMS 8

// Logical shape shared by all operands of one launch (C#: IlgpuNet.Kernels.Gpu.KernelShape).
typedef struct { i64 size[MAX_DIMS]; int ndim; int pad; } Shape;
// Where one operand's elements are (C#: IlgpuNet.Kernels.Gpu.KernelStrides).
typedef struct { i64 offset; i64 stride[MAX_DIMS]; } Strides;

// Unary op codes (C#: UnaryOp).
#define U_IDENTITY 0
#define U_NEG 1
#define U_ABS 2
#define U_EXP 3
#define U_LOG 4
#define U_SQRT 5
#define U_RSQRT 6
#define U_SIGMOID 7
#define U_TANH 8
#define U_RELU 9
#define U_GELU 10
#define U_SIN 11
#define U_COS 12
#define U_SQUARE 13
#define U_RECIPROCAL 14
#define U_SIGN 15
#define U_FLOOR 16
#define U_CEIL 17
#define U_ROUND 18
#define U_LEAKY_RELU 19   // p0 = negative slope
#define U_CLAMP 20        // p0 = min, p1 = max
#define U_POW_SCALAR 21   // p0 = exponent
#define U_ELU 22          // p0 = alpha
#define U_SOFTPLUS 23
#define U_LOG1P 24
#define U_SILU 25

// Binary op codes (C#: BinaryOp). The *_BACKWARD ops take (grad, saved) and give the input gradient.
#define B_ADD 0
#define B_SUB 1
#define B_MUL 2
#define B_DIV 3
#define B_MAX 4
#define B_MIN 5
#define B_POW 6
#define B_EQ 7
#define B_NE 8
#define B_LT 9
#define B_LE 10
#define B_GT 11
#define B_GE 12
#define B_RELU_BACKWARD 13     // (grad, x): grad * (x > 0)
#define B_SIGMOID_BACKWARD 14  // (grad, y = sigmoid(x)): grad * y * (1 - y)
#define B_TANH_BACKWARD 15     // (grad, y = tanh(x)): grad * (1 - y^2)
#define B_GELU_BACKWARD 16     // (grad, x), exact erf GELU
#define B_SILU_BACKWARD 17     // (grad, x)

#define INV_SQRT2 0.70710678118654752f
#define INV_SQRT_2PI 0.39894228040143268f

DEVICE_FN float unary_apply(int op, float x, float p0, float p1) {
    switch (op) {
    case U_IDENTITY: return x;
    case U_NEG: return -x;
    case U_ABS: return fabsf(x);
    case U_EXP: return expf(x);
    case U_LOG: return logf(x);
    case U_SQRT: return sqrtf(x);
    case U_RSQRT: return rsqrtf(x);
    case U_SIGMOID: return 1.0f / (1.0f + expf(-x));
    case U_TANH: return tanhf(x);
    case U_RELU: return x > 0.0f ? x : 0.0f;
    case U_GELU: return 0.5f * x * (1.0f + erff(x * INV_SQRT2));
    case U_SIN: return sinf(x);
    case U_COS: return cosf(x);
    case U_SQUARE: return x * x;
    case U_RECIPROCAL: return 1.0f / x;
    case U_SIGN: return x > 0.0f ? 1.0f : (x < 0.0f ? -1.0f : 0.0f);
    case U_FLOOR: return floorf(x);
    case U_CEIL: return ceilf(x);
    case U_ROUND: return rintf(x);  // half to even, as torch.round
    case U_LEAKY_RELU: return x > 0.0f ? x : x * p0;
    case U_CLAMP: return fminf(fmaxf(x, p0), p1);
    case U_POW_SCALAR: return powf(x, p0);
    case U_ELU: return x > 0.0f ? x : p0 * (expf(x) - 1.0f);
    case U_SOFTPLUS: return x > 20.0f ? x : log1pf(expf(x));  // torch's threshold 20
    case U_LOG1P: return log1pf(x);
    case U_SILU: return x / (1.0f + expf(-x));
    default: return 0.0f;
    }
}

DEVICE_FN float binary_apply(int op, float a, float b) {
    switch (op) {
    case B_ADD: return a + b;
    case B_SUB: return a - b;
    case B_MUL: return a * b;
    case B_DIV: return a / b;
    case B_MAX: return (a != a || b != b) ? a + b : fmaxf(a, b);  // NaN propagates, as torch.maximum
    case B_MIN: return (a != a || b != b) ? a + b : fminf(a, b);
    case B_POW: return powf(a, b);
    case B_EQ: return a == b ? 1.0f : 0.0f;
    case B_NE: return a != b ? 1.0f : 0.0f;
    case B_LT: return a < b ? 1.0f : 0.0f;
    case B_LE: return a <= b ? 1.0f : 0.0f;
    case B_GT: return a > b ? 1.0f : 0.0f;
    case B_GE: return a >= b ? 1.0f : 0.0f;
    case B_RELU_BACKWARD: return b > 0.0f ? a : 0.0f;
    case B_SIGMOID_BACKWARD: return a * b * (1.0f - b);
    case B_TANH_BACKWARD: return a * (1.0f - b * b);
    case B_GELU_BACKWARD: {
        float cdf = 0.5f * (1.0f + erff(b * INV_SQRT2));
        float pdf = INV_SQRT_2PI * expf(-0.5f * b * b);
        return a * (cdf + b * pdf);
    }
    case B_SILU_BACKWARD: {
        float s = 1.0f / (1.0f + expf(-b));
        return a * s * (1.0f + b * (1.0f - s));
    }
    default: return 0.0f;
    }
}

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

// out[i] = value for every element of the view `out` (n = product of shape).
KERNEL void fill_strided(GLOBAL float* out, Strides out_s, float value, Shape shape, i64 n) {
    GRID_STRIDE_LOOP(i, n) { out[strided_offset(i, shape, out_s)] = value; }
}

// out = op(a); IDENTITY makes this the strided copy that Contiguous() uses.
KERNEL void unary_strided(int op, GLOBAL float* out, Strides out_s, const GLOBAL float* a, Strides a_s,
                          float p0, float p1, Shape shape, i64 n) {
    GRID_STRIDE_LOOP(i, n) {
        out[strided_offset(i, shape, out_s)] = unary_apply(op, a[strided_offset(i, shape, a_s)], p0, p1);
    }
}

// out = op(a, b) with broadcasting through zero strides.
KERNEL void binary_strided(int op, GLOBAL float* out, Strides out_s, const GLOBAL float* a, Strides a_s,
                           const GLOBAL float* b, Strides b_s, Shape shape, i64 n) {
    GRID_STRIDE_LOOP(i, n) {
        float x = a[strided_offset(i, shape, a_s)];
        float y = b[strided_offset(i, shape, b_s)];
        out[strided_offset(i, shape, out_s)] = binary_apply(op, x, y);
    }
}

// out = op(a, scalar), or op(scalar, a) when reversed != 0 (e.g. 1 - x, 2 / x).
KERNEL void binary_scalar_strided(int op, GLOBAL float* out, Strides out_s, const GLOBAL float* a, Strides a_s,
                                  float scalar, int reversed, Shape shape, i64 n) {
    GRID_STRIDE_LOOP(i, n) {
        float x = a[strided_offset(i, shape, a_s)];
        out[strided_offset(i, shape, out_s)] = reversed ? binary_apply(op, scalar, x) : binary_apply(op, x, scalar);
    }
}

// out = a + alpha * b (the axpy form torch.add(a, b, alpha=) and gradient accumulation need).
KERNEL void add_scaled_strided(GLOBAL float* out, Strides out_s, const GLOBAL float* a, Strides a_s,
                               const GLOBAL float* b, Strides b_s, float alpha, Shape shape, i64 n) {
    GRID_STRIDE_LOOP(i, n) {
        float x = a[strided_offset(i, shape, a_s)];
        float y = b[strided_offset(i, shape, b_s)];
        out[strided_offset(i, shape, out_s)] = x + alpha * y;
    }
}
