// Column sums of a row-major [rows, cols] matrix (the bias gradient), deterministic. Blocks of
// 32 x 32 threads: blockIdx.x takes 32 columns, blockIdx.y a chunk of the rows. Each thread sums a
// strided set of its chunk's rows, then the block adds its 32 partial sums per column in a fixed
// order. With one chunk the block writes the sums; with several, each block stores its sums in
// partial[chunk * cols + c] and the last block of a column group to arrive (arrived[group] counts,
// and is 0 before and after the launch) adds the chunks in a fixed order.
#include "common.cuh"

template <typename T>
__device__ void column_sums(const T* x, int rows, int cols, T* out, double* partial, unsigned int* arrived) {
    __shared__ double lanes[32][33];
    __shared__ bool last;
    // 64-bit: near 2^31 - 1 rows or columns, int sums of these would wrap.
    long long c = (long long) blockIdx.x * 32 + threadIdx.x;
    long long chunk = ((long long) rows + gridDim.y - 1) / gridDim.y;
    long long first = blockIdx.y * chunk;
    long long end = first + chunk < rows ? first + chunk : rows;
    double sum = 0.0;
    if (c < cols) {
        for (long long r = first + threadIdx.y; r < end; r += 32) {
            sum += (double) x[(long long) r * cols + c];
        }
    }
    lanes[threadIdx.y][threadIdx.x] = sum;
    __syncthreads();
    double total = 0.0;
    if (threadIdx.y == 0) {
        for (int j = 0; j < 32; j++) {
            total += lanes[j][threadIdx.x];
        }
    }
    if (gridDim.y == 1) {
        if (threadIdx.y == 0 && c < cols) {
            out[c] = T(total);
        }
        return;
    }
    if (threadIdx.y == 0 && c < cols) {
        partial[(long long) blockIdx.y * cols + c] = total;
    }
    __threadfence();  // this block's sums are visible to every block before the count says so
    __syncthreads();
    if (threadIdx.x == 0 && threadIdx.y == 0) {
        last = atomicAdd(&arrived[blockIdx.x], 1u) == gridDim.y - 1;
    }
    __syncthreads();
    if (!last) {
        return;
    }
    __threadfence();
    const volatile double* sums = partial;
    double chunks = 0.0;
    if (c < cols) {
        for (int k = threadIdx.y; k < gridDim.y; k += 32) {
            chunks += sums[(long long) k * cols + c];
        }
    }
    lanes[threadIdx.y][threadIdx.x] = chunks;
    __syncthreads();
    if (threadIdx.y == 0 && c < cols) {
        double all = 0.0;
        for (int j = 0; j < 32; j++) {
            all += lanes[j][threadIdx.x];
        }
        out[c] = T(all);
    }
    if (threadIdx.x == 0 && threadIdx.y == 0) {
        arrived[blockIdx.x] = 0u;
    }
}

extern "C" __global__ void __launch_bounds__(1024) column_sums_f32(const float* x, int rows, int cols, float* out, double* partial,
        unsigned int* arrived) {
    column_sums(x, rows, cols, out, partial, arrived);
}
extern "C" __global__ void __launch_bounds__(1024) column_sums_f64(const double* x, int rows, int cols, double* out, double* partial,
        unsigned int* arrived) {
    column_sums(x, rows, cols, out, partial, arrived);
}
