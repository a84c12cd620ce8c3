// Shared by the kernel sources: the grid-stride loop and warp/block sums. Kernels store float or
// double (the backend's precision) and compute in double, as the CPU runtime does, so that both
// runtimes round alike. Sources are compiled by NVRTC at run time (no system headers) and by
// nvcc --ptx in the tests.
//
// Multiply-adds fuse: the runtime keeps NVRTC's default --fmad=true, so a * b + c may round once
// (an FMA) where the CPU runtime rounds twice. GPU and CPU agree within a tolerance, not to the last
// bit (cuBLAS also adds a GEMM's products in another order than the CPU's BLAS); the tests say how
// close. The CUDA emulator fuses as well, so that its numbers are the GPU's kind of numbers.
#ifndef ANNEAL_COMMON_CUH
#define ANNEAL_COMMON_CUH

// Every index in [0, n) once, whatever the grid size. The index is 64-bit: with an int, the last
// i += stride passes 2^31 - 1 for n near it (132 multiprocessors x 8 blocks x 256 threads stride
// 270,336), wraps negative and stays below n, and the kernel writes below its arrays.
#define FOR_EACH(i, n) \
    for (long long i = (long long) blockIdx.x * blockDim.x + threadIdx.x; i < (n); i += (long long) blockDim.x * gridDim.x)

__device__ __forceinline__ double warp_sum(double value) {
    for (int offset = 16; offset > 0; offset /= 2) {
        value += __shfl_xor_sync(0xffffffffu, value, offset);
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
