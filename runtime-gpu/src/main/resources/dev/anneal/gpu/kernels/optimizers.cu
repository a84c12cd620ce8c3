// Parameter updates with PyTorch's formulas (torch.optim.SGD, Adam, AdamW; single-tensor path),
// computed in double. Hyperparameters arrive as kernel arguments each step, so a schedule can move
// them without a host-device copy; the _indirect entries, which a CUDA graph replays, read them from
// device memory the host writes before each replay (one copy for the whole step).
#include "common.cuh"

// SGD: g = grad + weight_decay * p; with momentum, buf = g on the first step, else
// momentum * buf + (1 - dampening) * g, and g = nesterov ? g + momentum * buf : buf; p -= lr * g.
// buf may be null when momentum is 0.
template <typename T>
__device__ void sgd(T* p, const T* grad, T* buf, int n, double lr, double momentum, double dampening,
                    double weight_decay, int nesterov, int first) {
    FOR_EACH(i, n) {
        double w = (double) p[i];
        double g = (double) grad[i] + weight_decay * w;
        if (momentum != 0.0) {
            double b = first ? g : momentum * (double) buf[i] + (1.0 - dampening) * g;
            buf[i] = T(b);
            g = nesterov ? g + momentum * b : b;
        }
        p[i] = T(w - lr * g);
    }
}

// Adam (decoupled = 0: weight decay added to the gradient) and AdamW (decoupled = 1: p *= 1 - lr * wd
// first). m = beta1 m + (1 - beta1) g; v = beta2 v + (1 - beta2) g^2;
// p -= step_size * m / (sqrt(v) / correction2 + eps), with step_size = lr / (1 - beta1^t) and
// correction2 = sqrt(1 - beta2^t) computed by the host.
template <typename T>
__device__ void adam(T* p, const T* grad, T* m, T* v, int n, double beta1, double beta2, double eps,
                     double shrink, double l2, double step_size, double correction2) {
    FOR_EACH(i, n) {
        double w = (double) p[i] * shrink;
        double g = (double) grad[i] + l2 * w;
        double mi = beta1 * (double) m[i] + (1.0 - beta1) * g;
        double vi = beta2 * (double) v[i] + (1.0 - beta2) * g * g;
        m[i] = T(mi);
        v[i] = T(vi);
        p[i] = T(w - step_size * mi / (sqrt(vi) / correction2 + eps));
    }
}

extern "C" __global__ void sgd_f32(float* p, const float* grad, float* buf, int n, double lr, double momentum,
        double dampening, double weight_decay, int nesterov, int first) {
    sgd(p, grad, buf, n, lr, momentum, dampening, weight_decay, nesterov, first);
}
extern "C" __global__ void sgd_f64(double* p, const double* grad, double* buf, int n, double lr, double momentum,
        double dampening, double weight_decay, int nesterov, int first) {
    sgd(p, grad, buf, n, lr, momentum, dampening, weight_decay, nesterov, first);
}
extern "C" __global__ void adam_f32(float* p, const float* grad, float* m, float* v, int n, double beta1, double beta2,
        double eps, double shrink, double l2, double step_size, double correction2) {
    adam(p, grad, m, v, n, beta1, beta2, eps, shrink, l2, step_size, correction2);
}
extern "C" __global__ void adam_f64(double* p, const double* grad, double* m, double* v, int n, double beta1, double beta2,
        double eps, double shrink, double l2, double step_size, double correction2) {
    adam(p, grad, m, v, n, beta1, beta2, eps, shrink, l2, step_size, correction2);
}

// hp: lr, momentum, dampening, weight decay, nesterov (0 or 1), first (0 or 1).
extern "C" __global__ void sgd_indirect_f32(float* p, const float* grad, float* buf, int n, const double* hp) {
    sgd(p, grad, buf, n, hp[0], hp[1], hp[2], hp[3], hp[4] != 0.0, hp[5] != 0.0);
}
extern "C" __global__ void sgd_indirect_f64(double* p, const double* grad, double* buf, int n, const double* hp) {
    sgd(p, grad, buf, n, hp[0], hp[1], hp[2], hp[3], hp[4] != 0.0, hp[5] != 0.0);
}
// hp: beta1, beta2, eps, shrink, l2, step size, correction2.
extern "C" __global__ void adam_indirect_f32(float* p, const float* grad, float* m, float* v, int n, const double* hp) {
    adam(p, grad, m, v, n, hp[0], hp[1], hp[2], hp[3], hp[4], hp[5], hp[6]);
}
extern "C" __global__ void adam_indirect_f64(double* p, const double* grad, double* m, double* v, int n, const double* hp) {
    adam(p, grad, m, v, n, hp[0], hp[1], hp[2], hp[3], hp[4], hp[5], hp[6]);
}
