// Lets the runtime's CUDA C kernel sources compile as C++ for the CUDA emulator (cuda_emulator.cpp):
// the emulator's NVRTC passes this file with -include before each source. The CUDA keywords become
// plain C++, the built-in indices are this module's variables (the emulator writes them before it
// resumes each thread), and __syncthreads and warp shuffles suspend the calling thread, which runs
// as a fiber, until the threads they wait for arrive.
#ifndef ANNEAL_EMULATED_KERNEL_H
#define ANNEAL_EMULATED_KERNEL_H

#include <math.h>
#include <string.h>

#ifdef ANNEAL_EMU_SCAN
// Signature scan: kernels keep a marker the emulator's NVRTC finds in the preprocessed text.
#define __global__ anneal_emu_kernel_marker
#else
#define __global__
#endif
#define __device__
#define __host__
#define __forceinline__ inline
#define __launch_bounds__(...)
#define __shared__ static
#define __restrict__ __restrict

struct anneal_emu_index {
    unsigned x, y, z;
};

static anneal_emu_index threadIdx, blockIdx, blockDim, gridDim;
/** Suspends the calling thread: scope 0 waits for the block, scope 1 for the thread's warp; site tells
 * the call sites apart (the source line), so that threads waiting at different ones are reported. */
static void (*anneal_emu_sync)(int scope, unsigned mask, const void* site);
/** The 32 exchange slots of the calling thread's warp. */
static unsigned long long* (*anneal_emu_warp_slots)(void);

extern "C" __attribute__((visibility("default"))) void anneal_emu_bind(
        anneal_emu_index** indices, void (*sync)(int, unsigned, const void*), unsigned long long* (*slots)(void)) {
    indices[0] = &threadIdx;
    indices[1] = &blockIdx;
    indices[2] = &blockDim;
    indices[3] = &gridDim;
    anneal_emu_sync = sync;
    anneal_emu_warp_slots = slots;
}

#define __syncthreads() anneal_emu_sync(0, 0u, (const void*) (long) __LINE__)

static inline unsigned anneal_emu_lane() {
    return (threadIdx.x + blockDim.x * (threadIdx.y + blockDim.y * threadIdx.z)) % 32u;
}

template <typename T>
static inline T anneal_emu_exchange(unsigned mask, T value, unsigned source, int line) {
    static_assert(sizeof(T) <= 8, "warp shuffles move at most 8 bytes");
    unsigned long long* slots = anneal_emu_warp_slots();
    unsigned long long bits = 0;
    memcpy(&bits, &value, sizeof(T));
    slots[anneal_emu_lane()] = bits;
    anneal_emu_sync(1, mask, (const void*) (long) line);
    bits = slots[source % 32u];
    anneal_emu_sync(1, mask, (const void*) (long) -line);
    T result;
    memcpy(&result, &bits, sizeof(T));
    return result;
}

#define __shfl_xor_sync(mask, value, offset) anneal_emu_exchange((mask), (value), anneal_emu_lane() ^ (unsigned) (offset), __LINE__)

// Blocks run one after another here, so a fence has nothing to order and an atomic nothing to race.
#define __threadfence() __atomic_thread_fence(__ATOMIC_SEQ_CST)

static inline unsigned atomicAdd(unsigned* address, unsigned value) {
    unsigned old = *address;
    *address = old + value;
    return old;
}

static inline double __longlong_as_double(long long bits) {
    double value;
    memcpy(&value, &bits, sizeof value);
    return value;
}

#endif
