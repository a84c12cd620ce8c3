// Lets the runtime's CUDA C kernel sources compile as C++ for the CUDA emulator (cuda_emulator.cpp):
// the emulator's NVRTC passes this file with -include before each source. The CUDA keywords become
// plain C++, the built-in indices are this module's variables (the emulator writes them before it
// resumes each thread), and __syncthreads and warp shuffles suspend the calling thread, which runs
// as a fiber, until the threads they wait for arrive. Where a GPU's arithmetic may differ from the
// host's, this file makes it differ as far as CUDA documents (erf), or fails the kernel (a
// float-to-int conversion that is undefined in C++).
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
/** Fails the running kernel for undefined behaviour the emulator found. */
static void (*anneal_emu_undefined)(const char* what);

extern "C" __attribute__((visibility("default"))) void anneal_emu_bind(
        anneal_emu_index** indices, void (*sync)(int, unsigned, const void*), unsigned long long* (*slots)(void),
        void (*undefined)(const char*)) {
    indices[0] = &threadIdx;
    indices[1] = &blockIdx;
    indices[2] = &blockDim;
    indices[3] = &gridDim;
    anneal_emu_sync = sync;
    anneal_emu_warp_slots = slots;
    anneal_emu_undefined = undefined;
}

// The kernels are compiled with -fsanitize=float-cast-overflow: converting a floating-point value an
// integer type cannot hold (NaN, an infinity, a value out of range) calls this handler. C++ leaves the
// result undefined, and it differs: a GPU's conversion gives 0 for NaN and saturates, x86 gives INT_MIN.
extern "C" void __ubsan_handle_float_cast_overflow(void*, void*) {
    anneal_emu_undefined("a float-to-int conversion of a value the integer type cannot hold (NaN, infinite or out of range): "
                         "0 or the nearest int on a GPU, INT_MIN on x86");
}

// CUDA documents its double erf to within 2 units in the last place; glibc's is usually exact. The
// emulator's is off by exactly 2 units, up or down as the result's last bit says, so that a test whose
// bound is tighter than CUDA's fails here as it may on a GPU. 0 and +-1 stay exact.
static inline double anneal_emu_erf(double x) {
    double exact = erf(x);
    if (exact == 0.0 || fabs(exact) == 1.0 || !isfinite(exact)) {
        return exact;
    }
    unsigned long long bits;
    memcpy(&bits, &exact, sizeof bits);
    double toward = (bits & 1) != 0 ? INFINITY : -INFINITY;
    return nextafter(nextafter(exact, toward), toward);
}
#define erf anneal_emu_erf

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
