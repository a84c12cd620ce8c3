// Losses with their gradients. Each writes the step's statistics into a device table
// (stats[slot, 0] = mean loss, stats[slot, 1] = correct rows) that the host reads once per epoch,
// without atomics on the sums, so that every run adds in the same order: both spread their work over
// many blocks, and the last block to finish adds the blocks' partial sums in block order.
#include "common.cuh"

// Run by every thread of every block after its block's sums: block b stores its sums in partial[2b],
// partial[2b + 1]; the last block to arrive adds them all in a fixed order, writes the statistics
// (loss / divisor, hits) and resets the arrival counter for the next launch (kernels of one stream
// never overlap).
template <typename T>
__device__ void finish_stats(double loss, double hits, double divisor, T* stats, int slot, double* partial,
                             unsigned int* arrived) {
    __shared__ bool last;
    if (threadIdx.x == 0) {
        partial[2 * blockIdx.x] = loss;
        partial[2 * blockIdx.x + 1] = hits;
        __threadfence();  // the partial sums are visible to every block before the count says so
        last = atomicAdd(arrived, 1u) == gridDim.x - 1;
    }
    __syncthreads();
    if (last) {
        __threadfence();
        const volatile double* sums = partial;
        double total_loss = 0.0;
        double total_hits = 0.0;
        for (int b = threadIdx.x; b < gridDim.x; b += blockDim.x) {
            total_loss += sums[2 * b];
            total_hits += sums[2 * b + 1];
        }
        total_loss = block_sum(total_loss);
        total_hits = block_sum(total_hits);
        if (threadIdx.x == 0) {
            stats[2 * slot] = T(total_loss / divisor);
            stats[2 * slot + 1] = T(total_hits);
            *arrived = 0u;
        }
    }
}

// Softmax cross-entropy of logits [rows, classes] against labels [rows] (class indices stored as
// numbers), one warp per row, the rows spread over the grid. grad (may be null) = (softmax - onehot) / rows.
// A label outside [0, classes) makes the loss NaN, which the trainer reports. partial holds 2 doubles
// per block; arrived is 0 before the launch and after it.
template <typename T>
__device__ void softmax_xent(const T* logits, const T* labels, int rows, int classes, T* grad, T* stats, int slot,
                             double* partial, unsigned int* arrived) {
    int lane = threadIdx.x % 32;
    int warps = blockDim.x / 32;
    double loss = 0.0;
    double hits = 0.0;
    for (long long row = (long long) blockIdx.x * warps + threadIdx.x / 32; row < rows; row += (long long) gridDim.x * warps) {
        const T* x = logits + (long long) row * classes;
        double best = (double) x[0];
        int best_index = 0;
        for (int c = lane; c < classes; c += 32) {
            if ((double) x[c] > best) {
                best = (double) x[c];
                best_index = c;
            }
        }
        for (int offset = 16; offset > 0; offset /= 2) {
            double other = __shfl_xor_sync(0xffffffffu, best, offset);
            int other_index = __shfl_xor_sync(0xffffffffu, best_index, offset);
            if (other > best || (other == best && other_index < best_index)) {
                best = other;
                best_index = other_index;
            }
        }
        double sum = 0.0;
        for (int c = lane; c < classes; c += 32) {
            sum += exp((double) x[c] - best);
        }
        sum = warp_sum(sum);
        // Checked before the conversion: converting NaN, or a value int cannot hold, is undefined in C++
        // (0 or the nearest int on a GPU, INT_MIN on x86). An invalid row has no label (-1).
        double label_value = (double) labels[row];
        bool valid = label_value >= 0.0 && label_value < (double) classes && label_value == floor(label_value);
        int label = valid ? (int) label_value : -1;
        if (lane == 0) {
            loss += valid ? log(sum) + best - (double) x[label] : __longlong_as_double(0x7ff8000000000000LL);
            hits += valid && best_index == label ? 1.0 : 0.0;
        }
        if (grad != nullptr) {
            T* g = grad + (long long) row * classes;
            for (int c = lane; c < classes; c += 32) {
                double p = exp((double) x[c] - best) / sum;
                g[c] = T((p - (c == label ? 1.0 : 0.0)) / rows);
            }
        }
    }
    loss = block_sum(loss);
    hits = block_sum(hits);
    finish_stats(loss, hits, (double) rows, stats, slot, partial, arrived);
}

// Mean squared error over n elements of output and target (same shape), the elements spread over the
// grid; grad (may be null) = 2 (output - target) / n. partial and arrived as for softmax_xent.
template <typename T>
__device__ void mean_squared_error(const T* output, const T* target, int n, T* grad, T* stats, int slot,
                                   double* partial, unsigned int* arrived) {
    double sum = 0.0;
    FOR_EACH(i, n) {
        double d = (double) output[i] - (double) target[i];
        sum += d * d;
        if (grad != nullptr) {
            grad[i] = T(2.0 * d / n);
        }
    }
    sum = block_sum(sum);
    finish_stats(sum, 0.0, (double) n, stats, slot, partial, arrived);
}

extern "C" __global__ void __launch_bounds__(256) softmax_xent_f32(const float* logits, const float* labels, int rows, int classes, float* grad,
        float* stats, int slot, double* partial, unsigned int* arrived) {
    softmax_xent(logits, labels, rows, classes, grad, stats, slot, partial, arrived);
}
extern "C" __global__ void __launch_bounds__(256) softmax_xent_f64(const double* logits, const double* labels, int rows, int classes, double* grad,
        double* stats, int slot, double* partial, unsigned int* arrived) {
    softmax_xent(logits, labels, rows, classes, grad, stats, slot, partial, arrived);
}
extern "C" __global__ void __launch_bounds__(256) mean_squared_error_f32(const float* output, const float* target, int n, float* grad,
        float* stats, int slot, double* partial, unsigned int* arrived) {
    mean_squared_error(output, target, n, grad, stats, slot, partial, arrived);
}
extern "C" __global__ void __launch_bounds__(256) mean_squared_error_f64(const double* output, const double* target, int n, double* grad,
        double* stats, int slot, double* partial, unsigned int* arrived) {
    mean_squared_error(output, target, n, grad, stats, slot, partial, arrived);
}

// The _indirect entries, which a CUDA graph replays, read the step's slot in the table from device
// memory the host writes before each replay.
extern "C" __global__ void __launch_bounds__(256) softmax_xent_indirect_f32(const float* logits, const float* labels, int rows,
        int classes, float* grad, float* stats, const int* slot, double* partial, unsigned int* arrived) {
    softmax_xent(logits, labels, rows, classes, grad, stats, *slot, partial, arrived);
}
extern "C" __global__ void __launch_bounds__(256) softmax_xent_indirect_f64(const double* logits, const double* labels, int rows,
        int classes, double* grad, double* stats, const int* slot, double* partial, unsigned int* arrived) {
    softmax_xent(logits, labels, rows, classes, grad, stats, *slot, partial, arrived);
}
extern "C" __global__ void __launch_bounds__(256) mean_squared_error_indirect_f32(const float* output, const float* target, int n,
        float* grad, float* stats, const int* slot, double* partial, unsigned int* arrived) {
    mean_squared_error(output, target, n, grad, stats, *slot, partial, arrived);
}
extern "C" __global__ void __launch_bounds__(256) mean_squared_error_indirect_f64(const double* output, const double* target, int n,
        double* grad, double* stats, const int* slot, double* partial, unsigned int* arrived) {
    mean_squared_error(output, target, n, grad, stats, *slot, partial, arrived);
}
