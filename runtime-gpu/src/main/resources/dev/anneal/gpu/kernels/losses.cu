// Losses with their gradients. Loss sums accumulate on the device in double (one atomic add per
// block) and are read by the host at epoch end. Pointers documented as optional may be null.
#include "common.cuh"

// Softmax cross-entropy over the rows of logits [rows, classes], one warp per row.
//   grad (optional):     (softmax(row) - onehot(label)) * grad_scale
//   loss_sum (optional): += sum over rows of -log softmax(row)[label] * loss_scale
//   correct (optional):  += number of rows whose first largest logit is at the label
template <typename T>
__device__ void softmax_xent(const T* logits, const int* labels, int rows, int classes, T* grad,
                             double grad_scale, double* loss_sum, double loss_scale, double* correct) {
    int lane = threadIdx.x % 32;
    int warps = blockDim.x / 32;
    double loss = 0.0;
    double hits = 0.0;
    for (int row = blockIdx.x * warps + threadIdx.x / 32; row < rows; row += gridDim.x * warps) {
        const T* x = logits + (long long) row * classes;
        T best = x[0];
        int best_index = 0;
        for (int c = lane; c < classes; c += 32) {
            if (x[c] > best) {
                best = x[c];
                best_index = c;
            }
        }
        for (int offset = 16; offset > 0; offset /= 2) {
            T other = __shfl_xor_sync(0xffffffffu, best, offset);
            int other_index = __shfl_xor_sync(0xffffffffu, best_index, offset);
            if (other > best || (other == best && other_index < best_index)) {
                best = other;
                best_index = other_index;
            }
        }
        T sum = T(0);
        for (int c = lane; c < classes; c += 32) {
            sum += exp_(x[c] - best);
        }
        sum = warp_sum(sum);
        int label = labels[row];
        if (lane == 0) {
            loss += (double) (log_(sum) - (x[label] - best));
            hits += best_index == label ? 1.0 : 0.0;
        }
        if (grad != nullptr) {
            T* g = grad + (long long) row * classes;
            for (int c = lane; c < classes; c += 32) {
                T p = exp_(x[c] - best) / sum;
                g[c] = (p - (c == label ? T(1) : T(0))) * T(grad_scale);
            }
        }
    }
    if (loss_sum != nullptr) {
        loss = block_sum(loss);
        if (threadIdx.x == 0) {
            atomicAdd(loss_sum, loss * loss_scale);
        }
    }
    if (correct != nullptr) {
        hits = block_sum(hits);
        if (threadIdx.x == 0) {
            atomicAdd(correct, hits);
        }
    }
}

// Squared error over n elements (pred and target of the same shape).
//   grad (optional):     (pred - target) * grad_scale   (2/n for the mean)
//   loss_sum (optional): += sum of (pred - target)^2 * loss_scale
template <typename T>
__device__ void squared_error(const T* pred, const T* target, int n, T* grad, double grad_scale,
                              double* loss_sum, double loss_scale) {
    double loss = 0.0;
    FOR_EACH(i, n) {
        T diff = pred[i] - target[i];
        loss += (double) (diff * diff);
        if (grad != nullptr) {
            grad[i] = diff * T(grad_scale);
        }
    }
    if (loss_sum != nullptr) {
        loss = block_sum(loss);
        if (threadIdx.x == 0) {
            atomicAdd(loss_sum, loss * loss_scale);
        }
    }
}

extern "C" __global__ void softmax_xent_f32(const float* logits, const int* labels, int rows, int classes, float* grad,
        double grad_scale, double* loss_sum, double loss_scale, double* correct) {
    softmax_xent(logits, labels, rows, classes, grad, grad_scale, loss_sum, loss_scale, correct);
}
extern "C" __global__ void softmax_xent_f64(const double* logits, const int* labels, int rows, int classes, double* grad,
        double grad_scale, double* loss_sum, double loss_scale, double* correct) {
    softmax_xent(logits, labels, rows, classes, grad, grad_scale, loss_sum, loss_scale, correct);
}
extern "C" __global__ void squared_error_f32(const float* pred, const float* target, int n, float* grad,
        double grad_scale, double* loss_sum, double loss_scale) {
    squared_error(pred, target, n, grad, grad_scale, loss_sum, loss_scale);
}
extern "C" __global__ void squared_error_f64(const double* pred, const double* target, int n, double* grad,
        double grad_scale, double* loss_sum, double loss_scale) {
    squared_error(pred, target, n, grad, grad_scale, loss_sum, loss_scale);
}
