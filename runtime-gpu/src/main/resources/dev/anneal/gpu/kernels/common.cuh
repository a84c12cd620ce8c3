// Shared by the kernel sources: math overloads for float and double, the grid-stride loop and
// block reductions. Sources are compiled by NVRTC at run time (no system headers), and by
// nvcc --ptx in the tests.
#ifndef ANNEAL_COMMON_CUH
#define ANNEAL_COMMON_CUH

__device__ __forceinline__ float exp_(float x) { return expf(x); }
__device__ __forceinline__ double exp_(double x) { return exp(x); }
__device__ __forceinline__ float log_(float x) { return logf(x); }
__device__ __forceinline__ double log_(double x) { return log(x); }
__device__ __forceinline__ float tanh_(float x) { return tanhf(x); }
__device__ __forceinline__ double tanh_(double x) { return tanh(x); }
__device__ __forceinline__ float erf_(float x) { return erff(x); }
__device__ __forceinline__ double erf_(double x) { return erf(x); }
__device__ __forceinline__ float sqrt_(float x) { return sqrtf(x); }
__device__ __forceinline__ double sqrt_(double x) { return sqrt(x); }

// Every index in [0, n) once, whatever the grid size.
#define FOR_EACH(i, n) \
    for (int i = blockIdx.x * blockDim.x + threadIdx.x; i < (n); i += blockDim.x * gridDim.x)

template <typename T>
__device__ __forceinline__ T warp_sum(T value) {
    for (int offset = 16; offset > 0; offset /= 2) {
        value += __shfl_xor_sync(0xffffffffu, value, offset);
    }
    return value;
}

template <typename T>
__device__ __forceinline__ T warp_max(T value) {
    for (int offset = 16; offset > 0; offset /= 2) {
        T other = __shfl_xor_sync(0xffffffffu, value, offset);
        value = other > value ? other : value;
    }
    return value;
}

// Sum of value over the block (blockDim.x a multiple of 32, at most 1024); valid in thread 0.
__device__ __forceinline__ double block_sum(double value) {
    __shared__ double partial[32];
    __syncthreads();  // partial may still be read by a previous call
    value = warp_sum(value);
    int lane = threadIdx.x % 32;
    int warp = threadIdx.x / 32;
    if (lane == 0) {
        partial[warp] = value;
    }
    __syncthreads();
    value = threadIdx.x < blockDim.x / 32 ? partial[lane] : 0.0;
    if (warp == 0) {
        value = warp_sum(value);
    }
    return value;
}

#endif
