// Dense-layer elementwise work: the bias add, the activation and the activation's gradient.
// Row-major [rows, cols] matrices; a float and a double entry point each. (The identity needs no
// kernel: the backend copies or does nothing.)
#include "common.cuh"

struct Relu {
    __device__ static double forward(double x) { return x < 0.0 ? 0.0 : x; }  // NaN stays NaN
    __device__ static double slope(double x, double) { return x > 0.0 ? 1.0 : 0.0; }
};

struct Tanh {
    __device__ static double forward(double x) { return tanh(x); }
    __device__ static double slope(double, double y) { return 1.0 - y * y; }
};

struct Sigmoid {
    __device__ static double forward(double x) { return 1.0 / (1.0 + exp(-x)); }
    __device__ static double slope(double, double y) { return y * (1.0 - y); }
};

// The exact GELU (PyTorch's approximate='none'): x * Phi(x).
struct Gelu {
    __device__ static double forward(double x) { return 0.5 * x * (1.0 + erf(x * 0.70710678118654752440)); }
    __device__ static double slope(double x, double) {
        double cdf = 0.5 * (1.0 + erf(x * 0.70710678118654752440));
        double pdf = 0.39894228040143267794 * exp(-0.5 * x * x);
        return cdf + x * pdf;
    }
};

// m[r, c] += row[c].
template <typename T>
__device__ void add_row_vector(T* m, const T* row, int rows, int cols) {
    FOR_EACH(i, rows * cols) { m[i] = T((double) m[i] + (double) row[i % cols]); }
}

// a = f(x) elementwise; a may be x.
template <typename F, typename T>
__device__ void act(const T* x, T* a, int n) {
    FOR_EACH(i, n) { a[i] = T(F::forward((double) x[i])); }
}

// g *= f'(z), given the pre-activation z and the activation a = f(z).
template <typename F, typename T>
__device__ void act_grad(T* g, const T* z, const T* a, int n) {
    FOR_EACH(i, n) { g[i] = T((double) g[i] * F::slope((double) z[i], (double) a[i])); }
}

#define ACTIVATION(NAME, F) \
    extern "C" __global__ void NAME##_f32(const float* x, float* a, int n) { act<F>(x, a, n); } \
    extern "C" __global__ void NAME##_f64(const double* x, double* a, int n) { act<F>(x, a, n); } \
    extern "C" __global__ void NAME##_grad_f32(float* g, const float* z, const float* a, int n) { act_grad<F>(g, z, a, n); } \
    extern "C" __global__ void NAME##_grad_f64(double* g, const double* z, const double* a, int n) { act_grad<F>(g, z, a, n); }

ACTIVATION(relu, Relu)
ACTIVATION(tanh, Tanh)
ACTIVATION(sigmoid, Sigmoid)
ACTIVATION(gelu, Gelu)

extern "C" __global__ void add_row_vector_f32(float* m, const float* row, int rows, int cols) { add_row_vector(m, row, rows, cols); }
extern "C" __global__ void add_row_vector_f64(double* m, const double* row, int rows, int cols) { add_row_vector(m, row, rows, cols); }
