// prelude.h — the few macros that let one kernel source compile three ways:
//   NVRTC (CUDA C++, __CUDACC_RTC__), clang-14 -x cuda --cuda-device-only -nocudainc (the CI check, __CUDA__),
//   and OpenCL C 1.2 (__OPENCL_VERSION__). The loader inlines #include "..." lines, so OpenCL needs no include path.
// Kernels are written once against: KERNEL, GLOBAL, SHARED, SHARED_ARG, BARRIER(), DEVICE_FN, the index macros below,
// i64/u32/u64 and the CUDA spellings of the float math functions (expf, logf, ...).
#ifndef ILGPUNET_PRELUDE_H
#define ILGPUNET_PRELUDE_H

#if defined(__OPENCL_VERSION__)
// ---------------------------------------------------------------- OpenCL C 1.2
#define KERNEL __kernel
#define GLOBAL __global
#define SHARED __local
#define SHARED_ARG __local  // qualifier of a pointer-to-shared function parameter
#define DEVICE_FN static inline
#define BARRIER() barrier(CLK_LOCAL_MEM_FENCE | CLK_GLOBAL_MEM_FENCE)
#define THREAD_X ((int)get_local_id(0))
#define THREAD_Y ((int)get_local_id(1))
#define BLOCK_X ((int)get_group_id(0))
#define BLOCK_Y ((int)get_group_id(1))
#define BLOCK_Z ((int)get_group_id(2))
#define BLOCK_DIM_X ((int)get_local_size(0))
#define GRID_DIM_X ((int)get_num_groups(0))
typedef long i64;
typedef uint u32;
typedef ulong u64;
typedef uchar u8;
#define F32_INF INFINITY
#define F32_NAN NAN
#define expf exp
#define logf log
#define log1pf log1p
#define sqrtf sqrt
#define rsqrtf rsqrt
#define tanhf tanh
#define erff erf
#define sinf sin
#define cosf cos
#define powf pow
#define fabsf fabs
#define floorf floor
#define ceilf ceil
#define rintf rint
#define fmaxf fmax
#define fminf fmin
// OpenCL 1.2 has no float atomics: compare-and-swap on the bit pattern.
DEVICE_FN void atomic_add_f32(GLOBAL float* p, float v) {
    volatile GLOBAL int* ip = (volatile GLOBAL int*)p;
    int old = *ip, assumed;
    do { assumed = old; old = atomic_cmpxchg(ip, assumed, as_int(as_float(assumed) + v)); } while (old != assumed);
}

#else
// ---------------------------------------------------------------- CUDA (NVRTC or clang)
#if !defined(__CUDACC_RTC__)
// clang without the CUDA SDK: spell out what cuda_runtime.h would give us.
#include <__clang_cuda_builtin_vars.h>
#define __global__ __attribute__((global))
#define __device__ __attribute__((device))
#define __shared__ __attribute__((shared))
#define ILGPUNET_LIBDEVICE(name) extern "C" __device__ float __nv_##name(float);
ILGPUNET_LIBDEVICE(expf) ILGPUNET_LIBDEVICE(logf) ILGPUNET_LIBDEVICE(log1pf) ILGPUNET_LIBDEVICE(sqrtf)
ILGPUNET_LIBDEVICE(rsqrtf) ILGPUNET_LIBDEVICE(tanhf) ILGPUNET_LIBDEVICE(erff) ILGPUNET_LIBDEVICE(sinf)
ILGPUNET_LIBDEVICE(cosf) ILGPUNET_LIBDEVICE(fabsf) ILGPUNET_LIBDEVICE(floorf) ILGPUNET_LIBDEVICE(ceilf)
ILGPUNET_LIBDEVICE(rintf)
extern "C" __device__ float __nv_powf(float, float);
extern "C" __device__ float __nv_fmaxf(float, float);
extern "C" __device__ float __nv_fminf(float, float);
#define expf __nv_expf
#define logf __nv_logf
#define log1pf __nv_log1pf
#define sqrtf __nv_sqrtf
#define rsqrtf __nv_rsqrtf
#define tanhf __nv_tanhf
#define erff __nv_erff
#define sinf __nv_sinf
#define cosf __nv_cosf
#define powf __nv_powf
#define fabsf __nv_fabsf
#define floorf __nv_floorf
#define ceilf __nv_ceilf
#define rintf __nv_rintf
#define fmaxf __nv_fmaxf
#define fminf __nv_fminf
#define F32_INF __builtin_inff()
#define F32_NAN __builtin_nanf("")
static __device__ inline void atomic_add_f32(float* p, float v) { __nvvm_atom_add_gen_f(p, v); }
#else
#define F32_INF __int_as_float(0x7f800000)
#define F32_NAN __int_as_float(0x7fffffff)
static __device__ inline void atomic_add_f32(float* p, float v) { atomicAdd(p, v); }
#endif
// extern "C": kernel names stay unmangled so cuModuleGetFunction finds them by their source name.
#define KERNEL extern "C" __global__
#define GLOBAL
#define SHARED __shared__
#define SHARED_ARG
#define DEVICE_FN static __device__ inline
#define BARRIER() __syncthreads()
#define THREAD_X ((int)threadIdx.x)
#define THREAD_Y ((int)threadIdx.y)
#define BLOCK_X ((int)blockIdx.x)
#define BLOCK_Y ((int)blockIdx.y)
#define BLOCK_Z ((int)blockIdx.z)
#define BLOCK_DIM_X ((int)blockDim.x)
#define GRID_DIM_X ((int)gridDim.x)
typedef long long i64;
typedef unsigned int u32;
typedef unsigned long long u64;
typedef unsigned char u8;
#endif

// Global linear index of a 1-D launch, and the grid-stride loop every elementwise kernel uses
// (the host may launch fewer threads than elements).
#define GLOBAL_ID_X ((i64)BLOCK_X * BLOCK_DIM_X + THREAD_X)
#define GRID_STRIDE_LOOP(i, n) for (i64 i = GLOBAL_ID_X; i < (n); i += (i64)BLOCK_DIM_X * GRID_DIM_X)

#endif
