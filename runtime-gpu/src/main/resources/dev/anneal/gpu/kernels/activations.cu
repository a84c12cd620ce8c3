// Dense-layer forward and backward elementwise work: bias add fused with the activation, and the
// activation's gradient. Row-major [rows, cols] matrices; one float and one double entry point each.
#include "common.cuh"

struct Identity {
    template <typename T> __device__ static T forward(T x) { return x; }
    template <typename T> __device__ static T slope(T, T) { return T(1); }
};

struct Relu {
    template <typename T> __device__ static T forward(T x) { return x > T(0) ? x : T(0); }
    template <typename T> __device__ static T slope(T x, T) { return x > T(0) ? T(1) : T(0); }
};

struct Tanh {
    template <typename T> __device__ static T forward(T x) { return tanh_(x); }
    template <typename T> __device__ static T slope(T, T y) { return T(1) - y * y; }
};

struct Sigmoid {
    template <typename T> __device__ static T forward(T x) { return T(1) / (T(1) + exp_(-x)); }
    template <typename T> __device__ static T slope(T, T y) { return y * (T(1) - y); }
};

// The exact GELU (PyTorch's approximate='none'): x * Phi(x).
struct Gelu {
    template <typename T> __device__ static T forward(T x) {
        return T(0.5) * x * (T(1) + erf_(x * T(0.70710678118654752440)));
    }
    template <typename T> __device__ static T slope(T x, T) {
        T cdf = T(0.5) * (T(1) + erf_(x * T(0.70710678118654752440)));
        T pdf = exp_(T(-0.5) * x * x) * T(0.39894228040143267794);
        return cdf + x * pdf;
    }
};

// z[r, c] += b[c]; a[r, c] = f(z[r, c]). z keeps the pre-activation for the backward pass;
// a may be z itself (identity, or when the pre-activation is not needed).
template <typename F, typename T>
__device__ void bias_act(T* z, const T* b, T* a, int rows, int cols) {
    FOR_EACH(i, rows * cols) {
        T x = z[i] + b[i % cols];
        z[i] = x;
        a[i] = F::forward(x);
    }
}

// a = f(x) elementwise (a may be x).
template <typename F, typename T>
__device__ void act(const T* x, T* a, int n) {
    FOR_EACH(i, n) { a[i] = F::forward(x[i]); }
}

// dz = da * f'(z), from the pre-activation z and the output a (dz may be da).
template <typename F, typename T>
__device__ void act_grad(const T* da, const T* z, const T* a, T* dz, int n) {
    FOR_EACH(i, n) { dz[i] = da[i] * F::slope(z[i], a[i]); }
}

#define ACTIVATION(NAME, F) \
    extern "C" __global__ void bias_##NAME##_f32(float* z, const float* b, float* a, int rows, int cols) { bias_act<F>(z, b, a, rows, cols); } \
    extern "C" __global__ void bias_##NAME##_f64(double* z, const double* b, double* a, int rows, int cols) { bias_act<F>(z, b, a, rows, cols); } \
    extern "C" __global__ void NAME##_f32(const float* x, float* a, int n) { act<F>(x, a, n); } \
    extern "C" __global__ void NAME##_f64(const double* x, double* a, int n) { act<F>(x, a, n); } \
    extern "C" __global__ void NAME##_grad_f32(const float* da, const float* z, const float* a, float* dz, int n) { act_grad<F>(da, z, a, dz, n); } \
    extern "C" __global__ void NAME##_grad_f64(const double* da, const double* z, const double* a, double* dz, int n) { act_grad<F>(da, z, a, dz, n); }

ACTIVATION(identity, Identity)
ACTIVATION(relu, Relu)
ACTIVATION(tanh, Tanh)
ACTIVATION(sigmoid, Sigmoid)
ACTIVATION(gelu, Gelu)
