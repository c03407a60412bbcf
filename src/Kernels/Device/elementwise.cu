// elementwise.cu — one strided/broadcast family for every pointwise op.
// Each operand is a view: the shared logical shape (ndim <= 8 sizes) plus its own element strides and offset,
// so broadcasting (stride 0) and non-contiguous views (permute, narrow, expand) need no copies.
// The output is a view too; a strided copy is the IDENTITY unary op into a contiguous output.
//   unary:  out[idx] = f(a[idx]; p0, p1)        binary: out[idx] = g(a[idx], b[idx]; p0, p1)
//   scalar: out[idx] = g(a[idx], s) or g(s, a[idx]) (reversed)
//   compare (float -> bool bytes), where (bool, float, float -> float), and fills and conversions of every dtype
// the device holds (float32, int64, int32, uint8/bool).
#include "strided.h"

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
#define U_AFFINE 26       // p0 * x + p1

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
#define B_ADD_SCALED 18        // a + p0 * b
#define B_CLAMP_BACKWARD 19    // (grad, x): grad where p0 <= x <= p1
#define B_LEAKY_RELU_BACKWARD 20  // (grad, x), p0 = negative slope
#define B_ELU_BACKWARD 21      // (grad, x), p0 = alpha
#define B_SOFTPLUS_BACKWARD 22 // (grad, x), p0 = beta, p1 = threshold

#define INV_SQRT2 0.70710678118654752f
#define INV_SQRT_2PI 0.39894228040143268f

// 1 / (1 + e^-x), written to stay finite for large |x| (as the CPU's ScalarMath.Sigmoid).
DEVICE_FN float stable_sigmoid(float x) {
    if (x >= 0.0f) return 1.0f / (1.0f + expf(-x));
    float e = expf(x);
    return e / (1.0f + e);
}

DEVICE_FN float unary_apply(int op, float x, float p0, float p1) {
    switch (op) {
    case U_IDENTITY: return x;
    case U_NEG: return -x;
    case U_ABS: return fabsf(x);
    case U_EXP: return expf(x);
    case U_LOG: return logf(x);
    case U_SQRT: return sqrtf(x);
    case U_RSQRT: return rsqrtf(x);
    case U_SIGMOID: return stable_sigmoid(x);
    case U_TANH: return tanhf(x);
    case U_RELU: return x > 0.0f ? x : 0.0f;
    case U_GELU: return 0.5f * x * (1.0f + erff(x * INV_SQRT2));
    case U_SIN: return sinf(x);
    case U_COS: return cosf(x);
    case U_SQUARE: return x * x;
    case U_RECIPROCAL: return 1.0f / x;
    case U_SIGN: return x != x ? x : (x > 0.0f ? 1.0f : (x < 0.0f ? -1.0f : 0.0f));
    case U_FLOOR: return floorf(x);
    case U_CEIL: return ceilf(x);
    case U_ROUND: return rintf(x);  // half to even, as torch.round
    case U_LEAKY_RELU: return x > 0.0f ? x : x * p0;
    case U_CLAMP: return x != x ? x : fminf(fmaxf(x, p0), p1);  // NaN stays NaN, as torch.clamp
    case U_POW_SCALAR: return powf(x, p0);
    case U_ELU: return x > 0.0f ? x : p0 * (expf(x) - 1.0f);
    case U_SOFTPLUS: return p0 * x > p1 ? x : log1pf(expf(p0 * x)) / p0;  // p0 = beta, p1 = threshold
    case U_LOG1P: return log1pf(x);
    case U_SILU: return x / (1.0f + expf(-x));
    case U_AFFINE: return p0 * x + p1;
    default: return 0.0f;
    }
}

DEVICE_FN float binary_apply(int op, float a, float b, float p0, float p1) {
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
    case B_ADD_SCALED: return a + p0 * b;
    case B_CLAMP_BACKWARD: return b >= p0 && b <= p1 ? a : 0.0f;
    case B_LEAKY_RELU_BACKWARD: return b > 0.0f ? a : p0 * a;
    case B_ELU_BACKWARD: return b > 0.0f ? a : a * p0 * expf(b);
    case B_SOFTPLUS_BACKWARD: return p0 * b > p1 ? a : a * stable_sigmoid(p0 * b);
    default: return 0.0f;
    }
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
                           const GLOBAL float* b, Strides b_s, float p0, float p1, Shape shape, i64 n) {
    GRID_STRIDE_LOOP(i, n) {
        float x = a[strided_offset(i, shape, a_s)];
        float y = b[strided_offset(i, shape, b_s)];
        out[strided_offset(i, shape, out_s)] = binary_apply(op, x, y, p0, p1);
    }
}

// out = op(a, scalar), or op(scalar, a) when reversed != 0 (e.g. 1 - x, 2 / x).
KERNEL void binary_scalar_strided(int op, GLOBAL float* out, Strides out_s, const GLOBAL float* a, Strides a_s,
                                  float scalar, int reversed, Shape shape, i64 n) {
    GRID_STRIDE_LOOP(i, n) {
        float x = a[strided_offset(i, shape, a_s)];
        out[strided_offset(i, shape, out_s)] = reversed ? binary_apply(op, scalar, x, 0.0f, 0.0f) : binary_apply(op, x, scalar, 0.0f, 0.0f);
    }
}

// out = (a op b) as 1 or 0 bytes: the comparisons (B_EQ .. B_GE) into a bool tensor.
KERNEL void compare_strided(int op, GLOBAL u8* out, Strides out_s, const GLOBAL float* a, Strides a_s,
                            const GLOBAL float* b, Strides b_s, Shape shape, i64 n) {
    GRID_STRIDE_LOOP(i, n) {
        float x = a[strided_offset(i, shape, a_s)];
        float y = b[strided_offset(i, shape, b_s)];
        out[strided_offset(i, shape, out_s)] = binary_apply(op, x, y, 0.0f, 0.0f) != 0.0f ? (u8)1 : (u8)0;
    }
}

// out = cond ? a : b, cond a bool (byte) view.
KERNEL void where_strided(GLOBAL float* out, Strides out_s, const GLOBAL u8* cond, Strides c_s, const GLOBAL float* a,
                          Strides a_s, const GLOBAL float* b, Strides b_s, Shape shape, i64 n) {
    GRID_STRIDE_LOOP(i, n) {
        out[strided_offset(i, shape, out_s)] =
            cond[strided_offset(i, shape, c_s)] ? a[strided_offset(i, shape, a_s)] : b[strided_offset(i, shape, b_s)];
    }
}

// Fills and dtype conversions of the other element types: f32 (float), i64 (long), i32 (int), u8 (uint8 and bool).
// A conversion truncates toward zero as a C cast does; to_bool gives 1 for every non-zero value.
// (The u8 fill takes its value as an int: kernel arguments narrower than 4 bytes are not portable.)
#define FILL_KERNEL(NAME, T, ARG_T) \
    KERNEL void NAME(GLOBAL T* out, Strides out_s, ARG_T value, Shape shape, i64 n) { \
        GRID_STRIDE_LOOP(i, n) { out[strided_offset(i, shape, out_s)] = (T)value; } \
    }
FILL_KERNEL(fill_strided_i64, i64, i64)
FILL_KERNEL(fill_strided_i32, int, int)
FILL_KERNEL(fill_strided_u8, u8, int)

#define CONVERT_KERNEL(NAME, OUT_T, IN_T, EXPR) \
    KERNEL void NAME(GLOBAL OUT_T* out, Strides out_s, const GLOBAL IN_T* a, Strides a_s, Shape shape, i64 n) { \
        GRID_STRIDE_LOOP(i, n) { \
            IN_T x = a[strided_offset(i, shape, a_s)]; \
            out[strided_offset(i, shape, out_s)] = EXPR; \
        } \
    }
#define CONVERT_FROM(IN_NAME, IN_T) \
    CONVERT_KERNEL(convert_##IN_NAME##_to_f32, float, IN_T, (float)x) \
    CONVERT_KERNEL(convert_##IN_NAME##_to_i64, i64, IN_T, (i64)x) \
    CONVERT_KERNEL(convert_##IN_NAME##_to_i32, int, IN_T, (int)x) \
    CONVERT_KERNEL(convert_##IN_NAME##_to_u8, u8, IN_T, (u8)x) \
    CONVERT_KERNEL(convert_##IN_NAME##_to_bool, u8, IN_T, x != 0 ? (u8)1 : (u8)0)
CONVERT_FROM(f32, float)
CONVERT_FROM(i64, i64)
CONVERT_FROM(i32, int)
CONVERT_FROM(u8, u8)
