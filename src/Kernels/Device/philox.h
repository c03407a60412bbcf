// philox.h — Philox4x32-10, mirroring src/Kernels/Philox.cs bit for bit:
//   block(seed, counter) -> 4 x u32, key = (seed lo, seed hi), counter = (n lo, n hi, 0, 0)
//   uniform element i = lane (i % 4) of block(offset + i / 4), top 24 bits * 2^-24, in [0, 1)
#ifndef ILGPUNET_PHILOX_H
#define ILGPUNET_PHILOX_H
#include "prelude.h"

typedef struct { u32 x0, x1, x2, x3; } philox_block;

DEVICE_FN philox_block philox_generate(u64 seed, u64 counter) {
    u32 c0 = (u32)counter, c1 = (u32)(counter >> 32), c2 = 0, c3 = 0;
    u32 k0 = (u32)seed, k1 = (u32)(seed >> 32);
    for (int round = 0; round < 10; round++) {
        u64 p0 = (u64)0xD2511F53u * c0;
        u64 p1 = (u64)0xCD9E8D57u * c2;
        u32 n0 = (u32)(p1 >> 32) ^ c1 ^ k0;
        u32 n2 = (u32)(p0 >> 32) ^ c3 ^ k1;
        c1 = (u32)p1;
        c3 = (u32)p0;
        c0 = n0;
        c2 = n2;
        k0 += 0x9E3779B9u;
        k1 += 0xBB67AE85u;
    }
    philox_block b = { c0, c1, c2, c3 };
    return b;
}

DEVICE_FN u32 philox_lane(philox_block b, int lane) {
    return lane == 0 ? b.x0 : lane == 1 ? b.x1 : lane == 2 ? b.x2 : b.x3;
}

DEVICE_FN float philox_to_uniform(u32 bits) { return (float)(bits >> 8) * (1.0f / 16777216.0f); }

// The 24 bits behind uniform element `index`: that uniform is bits * 2^-24, so u < q exactly when
// bits < ceil(q * 2^24), a comparison the host can set up in double without rounding q to float.
DEVICE_FN u32 philox_bits24(u64 seed, u64 offset, i64 index) {
    philox_block b = philox_generate(seed, offset + (u64)(index >> 2));
    return philox_lane(b, (int)(index & 3)) >> 8;
}

// Uniform element `index` of the stream (seed, offset): the same float Philox.Uniform returns.
DEVICE_FN float philox_uniform(u64 seed, u64 offset, i64 index) {
    philox_block b = philox_generate(seed, offset + (u64)(index >> 2));
    return philox_to_uniform(philox_lane(b, (int)(index & 3)));
}

#endif
