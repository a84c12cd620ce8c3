// Gathers a shuffled batch from the data set held on the device: dst[i, :] = src[order[first + i], :].
// The data set is uploaded once; each epoch uploads only the new order.
#include "common.cuh"

template <typename T>
__device__ void gather_rows(const T* src, const int* order, int first, int rows, int cols, T* dst) {
    FOR_EACH(i, rows * cols) {
        int r = i / cols;
        int c = i - r * cols;
        dst[i] = src[(long long) order[first + r] * cols + c];
    }
}

extern "C" __global__ void gather_rows_f32(const float* src, const int* order, int first, int rows, int cols, float* dst) {
    gather_rows(src, order, first, rows, cols, dst);
}
extern "C" __global__ void gather_rows_f64(const double* src, const int* order, int first, int rows, int cols, double* dst) {
    gather_rows(src, order, first, rows, cols, dst);
}
