// The CUDA emulator's cuBLAS (part of cuda_emulator.cpp): a handle on the stream and GEMM, the
// column-major definition accumulating with fused multiply-adds in the operands' precision. A GEMM
// is stream work like a kernel: alpha and beta are read at the call (host pointer mode), the
// operands when it runs, and an operand that runs past its allocation is an illegal address then.
namespace {

int blas_handle_token = 0;

template <typename T>
int gemm(void* handle, int ta, int tb, int m, int n, int k, const T* alpha, const T* a, int lda, const T* b, int ldb,
         const T* beta, T* c, int ldc) {
    std::lock_guard<std::mutex> guard(lock);
    if (handle != &blas_handle_token) {
        return 1;  // CUBLAS_STATUS_NOT_INITIALIZED
    }
    if (ready() != SUCCESS || capture_allows(true) != SUCCESS) {
        return 13;  // CUBLAS_STATUS_EXECUTION_FAILED: its kernels cannot launch
    }
    if (ta < 0 || ta > 2 || tb < 0 || tb > 2 || m < 0 || n < 0 || k < 0 || lda < (ta == 0 ? (m > 1 ? m : 1) : (k > 1 ? k : 1))
            || ldb < (tb == 0 ? (k > 1 ? k : 1) : (n > 1 ? n : 1)) || ldc < (m > 1 ? m : 1) || alpha == nullptr || beta == nullptr) {
        return 7;  // CUBLAS_STATUS_INVALID_VALUE
    }
    counters[GEMMS]++;
    if (m == 0 || n == 0) {
        return 0;
    }
    T alpha_value = *alpha;
    T beta_value = *beta;
    Result queued = enqueue([=]() -> Result {
        // Stored shapes (column-major): A is (ta ? k : m) x (ta ? m : k), B is (tb ? n : k) x (tb ? k : n).
        auto extent = [](int rows, int cols, int ld) { return ((size_t) (cols - 1) * ld + rows) * sizeof(T); };
        bool readsAB = k > 0 && alpha_value != 0;
        if ((readsAB && !inside((uintptr_t) a, extent(ta ? k : m, ta ? m : k, lda)))
                || (readsAB && !inside((uintptr_t) b, extent(tb ? n : k, tb ? k : n, ldb)))
                || !inside((uintptr_t) c, extent(m, n, ldc))) {
            return fail(ILLEGAL_ADDRESS, "a GEMM (m=" + std::to_string(m) + ", n=" + std::to_string(n) + ", k=" + std::to_string(k)
                    + ") reads or writes past an operand's allocation");
        }
        for (int j = 0; j < n; j++) {
            for (int i = 0; i < m; i++) {
                T sum = 0;
                if (readsAB) {
                    for (int l = 0; l < k; l++) {
                        T x = ta == 0 ? a[i + (size_t) l * lda] : a[l + (size_t) i * lda];
                        T y = tb == 0 ? b[l + (size_t) j * ldb] : b[j + (size_t) l * ldb];
                        sum = std::fma(x, y, sum);
                    }
                }
                T* out = c + i + (size_t) j * ldc;
                *out = beta_value == 0 ? alpha_value * sum : alpha_value * sum + beta_value * *out;
            }
        }
        return SUCCESS;
    });
    return queued == SUCCESS ? 0 : 13;
}

}  // namespace

EXPORT int cublasCreate_v2(void** handle) {
    std::lock_guard<std::mutex> guard(lock);
    if (ready() != SUCCESS) {
        return 1;  // CUBLAS_STATUS_NOT_INITIALIZED
    }
    *handle = &blas_handle_token;
    blas_handles++;
    return 0;
}

EXPORT int cublasDestroy_v2(void* handle) {
    std::lock_guard<std::mutex> guard(lock);
    if (handle != &blas_handle_token || blas_handles == 0) {
        return 1;
    }
    blas_handles--;
    return 0;
}

EXPORT int cublasSetStream_v2(void* handle, void* stream) {
    return handle == &blas_handle_token && stream_ok(stream) ? 0 : 7;
}

/** The workspace must be device memory of at least the size given (cuBLAS uses it from the handle's next call on). */
EXPORT int cublasSetWorkspace_v2(void* handle, void* workspace, size_t bytes) {
    std::lock_guard<std::mutex> guard(lock);
    if (handle != &blas_handle_token) {
        return 1;
    }
    return (workspace == nullptr && bytes == 0) || inside((uintptr_t) workspace, bytes) ? 0 : 7;
}

EXPORT int cublasGetVersion_v2(void* handle, int* version) {
    if (handle != &blas_handle_token) {
        return 1;
    }
    *version = 120400;  // 12.4.0
    return 0;
}

EXPORT const char* cublasGetStatusName(int status) {
    switch (status) {
        case 0: return "CUBLAS_STATUS_SUCCESS";
        case 1: return "CUBLAS_STATUS_NOT_INITIALIZED";
        case 7: return "CUBLAS_STATUS_INVALID_VALUE";
        case 13: return "CUBLAS_STATUS_EXECUTION_FAILED";
        default: return "CUBLAS_STATUS_UNKNOWN";
    }
}

EXPORT int cublasSgemm_v2(void* h, int ta, int tb, int m, int n, int k, const float* alpha, const float* a, int lda,
                          const float* b, int ldb, const float* beta, float* c, int ldc) {
    return gemm(h, ta, tb, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
}

EXPORT int cublasDgemm_v2(void* h, int ta, int tb, int m, int n, int k, const double* alpha, const double* a, int lda,
                          const double* b, int ldb, const double* beta, double* c, int ldc) {
    return gemm(h, ta, tb, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
}
