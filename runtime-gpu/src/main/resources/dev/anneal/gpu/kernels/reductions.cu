// Column sums of a row-major [rows, cols] matrix (the bias gradient), deterministic: a block of
// 32 x 32 threads owns 32 columns; each thread sums a strided set of rows, then one thread per
// column adds the 32 partial sums in a fixed order.
#include "common.cuh"

template <typename T>
__device__ void column_sums(const T* x, int rows, int cols, T* out) {
    __shared__ double partial[32][33];
    int c = blockIdx.x * 32 + threadIdx.x;
    double sum = 0.0;
    if (c < cols) {
        for (int r = threadIdx.y; r < rows; r += 32) {
            sum += (double) x[(long long) r * cols + c];
        }
    }
    partial[threadIdx.y][threadIdx.x] = sum;
    __syncthreads();
    if (threadIdx.y == 0 && c < cols) {
        double total = 0.0;
        for (int j = 0; j < 32; j++) {
            total += partial[j][threadIdx.x];
        }
        out[c] = T(total);
    }
}

extern "C" __global__ void __launch_bounds__(1024) column_sums_f32(const float* x, int rows, int cols, float* out) { column_sums(x, rows, cols, out); }
extern "C" __global__ void __launch_bounds__(1024) column_sums_f64(const double* x, int rows, int cols, double* out) { column_sums(x, rows, cols, out); }
