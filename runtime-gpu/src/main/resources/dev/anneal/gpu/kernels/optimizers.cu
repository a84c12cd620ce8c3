// Parameter updates with PyTorch's formulas (torch.optim.SGD, Adam, AdamW; single-tensor path).
// Hyperparameters arrive as kernel arguments each step, so a schedule can move them freely.
#include "common.cuh"

// SGD: g = grad + weight_decay * p; with momentum, buf = g on the first step, else
// momentum * buf + (1 - dampening) * g, and g = nesterov ? g + momentum * buf : buf; p -= lr * g.
// buf may be null when momentum is 0.
template <typename T>
__device__ void sgd(T* p, const T* grad, T* buf, int n, double lr, double momentum, double dampening,
                    double weight_decay, int nesterov, int first_step) {
    FOR_EACH(i, n) {
        T g = grad[i];
        if (weight_decay != 0.0) {
            g += T(weight_decay) * p[i];
        }
        if (momentum != 0.0) {
            T b = first_step ? g : T(momentum) * buf[i] + T(1.0 - dampening) * g;
            buf[i] = b;
            g = nesterov ? g + T(momentum) * b : b;
        }
        p[i] -= T(lr) * g;
    }
}

// Adam (decoupled = 0: weight decay added to the gradient) and AdamW (decoupled = 1: p *= 1 - lr * wd).
// m = lerp(m, g, 1 - beta1); v = beta2 * v + (1 - beta2) * g^2;
// p -= lr / bias_correction1 * m / (sqrt(v) / bias_correction2_sqrt + eps),
// with bias_correction1 = 1 - beta1^t and bias_correction2_sqrt = sqrt(1 - beta2^t) from the host.
template <typename T>
__device__ void adam(T* p, const T* grad, T* m, T* v, int n, double lr, double beta1, double beta2, double eps,
                     double weight_decay, int decoupled, double bias_correction1, double bias_correction2_sqrt) {
    T step_size = T(lr / bias_correction1);
    FOR_EACH(i, n) {
        T g = grad[i];
        T w = p[i];
        if (weight_decay != 0.0) {
            if (decoupled) {
                w *= T(1.0 - lr * weight_decay);
            } else {
                g += T(weight_decay) * w;
            }
        }
        T mi = m[i] + T(1.0 - beta1) * (g - m[i]);
        T vi = T(beta2) * v[i] + T(1.0 - beta2) * g * g;
        m[i] = mi;
        v[i] = vi;
        T denom = sqrt_(vi) / T(bias_correction2_sqrt) + T(eps);
        p[i] = w - step_size * (mi / denom);
    }
}

extern "C" __global__ void sgd_f32(float* p, const float* grad, float* buf, int n, double lr, double momentum,
        double dampening, double weight_decay, int nesterov, int first_step) {
    sgd(p, grad, buf, n, lr, momentum, dampening, weight_decay, nesterov, first_step);
}
extern "C" __global__ void sgd_f64(double* p, const double* grad, double* buf, int n, double lr, double momentum,
        double dampening, double weight_decay, int nesterov, int first_step) {
    sgd(p, grad, buf, n, lr, momentum, dampening, weight_decay, nesterov, first_step);
}
extern "C" __global__ void adam_f32(float* p, const float* grad, float* m, float* v, int n, double lr, double beta1,
        double beta2, double eps, double weight_decay, int decoupled, double bias_correction1, double bias_correction2_sqrt) {
    adam(p, grad, m, v, n, lr, beta1, beta2, eps, weight_decay, decoupled, bias_correction1, bias_correction2_sqrt);
}
extern "C" __global__ void adam_f64(double* p, const double* grad, double* m, double* v, int n, double lr, double beta1,
        double beta2, double eps, double weight_decay, int decoupled, double bias_correction1, double bias_correction2_sqrt) {
    adam(p, grad, m, v, n, lr, beta1, beta2, eps, weight_decay, decoupled, bias_correction1, bias_correction2_sqrt);
}
