package dev.anneal.gpu;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_DOUBLE;
import static java.lang.foreign.ValueLayout.JAVA_FLOAT;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.util.Optional;

/**
 * Hand-written bindings of cuBLAS: one handle bound to one stream, and a row-major GEMM in float32
 * (SGEMM) or float64 (DGEMM). One per device, kept for the life of the process; calls from several
 * threads queue their GEMMs one at a time.
 */
final class Cublas {
    private static final int OP_N = 0;
    private static final int OP_T = 1;

    /** The cuBLAS functions the runtime calls, bound by the names {@code cublas_api.h} gives them. */
    record Functions(NativeLibraries.Loaded library, MethodHandle create, MethodHandle destroy, MethodHandle setStream,
                     MethodHandle setWorkspace, MethodHandle sgemm, MethodHandle dgemm, Optional<MethodHandle> statusName,
                     Optional<MethodHandle> version) {

        /** Binds every function; a CudaException names the first one {@code library} lacks. */
        static Functions bind(NativeLibraries.Loaded library) {
            FunctionDescriptor gemm = FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT,
                    ADDRESS, JAVA_LONG, JAVA_INT, JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT);
            return new Functions(library,
                    Native.function(library, "cublasCreate_v2", FunctionDescriptor.of(JAVA_INT, ADDRESS)),
                    Native.function(library, "cublasDestroy_v2", FunctionDescriptor.of(JAVA_INT, ADDRESS)),
                    Native.function(library, "cublasSetStream_v2", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS)),
                    Native.function(library, "cublasSetWorkspace_v2", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG, JAVA_LONG)),
                    Native.function(library, "cublasSgemm_v2", gemm),
                    Native.function(library, "cublasDgemm_v2", gemm),
                    Native.optionalFunction(library, "cublasGetStatusName", FunctionDescriptor.of(ADDRESS, JAVA_INT)),
                    Native.optionalFunction(library, "cublasGetVersion_v2", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS)));
        }
    }

    final NativeLibraries.Loaded library;
    private final Functions functions;
    private final MemorySegment handle;
    /** alpha and beta, read by cuBLAS at call time (host pointer mode). */
    private final MemorySegment scalars;

    /** A handle on {@code stream}, made in the context current on the calling thread. */
    Cublas(Functions functions, MemorySegment stream) {
        this.library = functions.library();
        this.functions = functions;
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment out = arena.allocate(ADDRESS);
            check((int) functions.create().invokeExact(out), "cublasCreate_v2");
            handle = out.get(ADDRESS, 0);
            check((int) functions.setStream().invokeExact(handle, stream), "cublasSetStream_v2");
        } catch (Throwable t) {
            throw Native.rethrow(t);
        }
        scalars = Arena.global().allocate(32, 8);
    }

    /**
     * Gives cuBLAS device memory of its own for its work: a GEMM captured into a CUDA graph uses it
     * then, instead of a workspace cuBLAS would allocate at each capture (cuBLAS before 12.2). Set
     * after the stream, which resets it.
     */
    void workspace(long pointer, long bytes) {
        try {
            check((int) functions.setWorkspace().invokeExact(handle, pointer, bytes), "cublasSetWorkspace_v2(" + bytes + " bytes)");
        } catch (Throwable t) {
            throw Native.rethrow(t);
        }
    }

    /** cuBLAS's version, "12.4.5", or the soname's ("12") when the library cannot say. */
    String version() {
        if (functions.version().isEmpty()) {
            return library.version();
        }
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment out = arena.allocate(JAVA_INT);
            check((int) functions.version().get().invokeExact(handle, out), "cublasGetVersion_v2");
            int v = out.get(JAVA_INT, 0);
            return v / 10000 + "." + v % 10000 / 100 + "." + v % 100;
        } catch (Throwable t) {
            throw Native.rethrow(t);
        }
    }

    /** Destroys the handle, in the context current on the calling thread. */
    void destroy() {
        try {
            check((int) functions.destroy().invokeExact(handle), "cublasDestroy_v2");
        } catch (Throwable t) {
            throw Native.rethrow(t);
        }
    }

    /**
     * {@code C = alpha * op(A) * op(B) + beta * C} on row-major matrices: op(A) is m×k, op(B) is k×n,
     * C is m×n; {@code aCols}/{@code bCols} are the stored row lengths of A and B. Synchronized: the
     * scalars' memory is shared, and cuBLAS reads it during the call. The caller makes the handle's
     * context current while holding this object's lock ({@link CudaDevice#gemm}).
     */
    synchronized void gemm(boolean float64, boolean transA, boolean transB, int m, int n, int k,
                           double alpha, long a, int aCols, long b, int bCols, double beta, long c) {
        // Row-major C is column-major C^T = op(B)^T op(A)^T: swap the operands, keep the flags.
        MemorySegment alphaPointer = scalars;
        MemorySegment betaPointer = scalars.asSlice(16);
        try {
            int status;
            if (float64) {
                scalars.set(JAVA_DOUBLE, 0, alpha);
                scalars.set(JAVA_DOUBLE, 16, beta);
                status = (int) functions.dgemm().invokeExact(handle, transB ? OP_T : OP_N, transA ? OP_T : OP_N, n, m, k,
                        alphaPointer, b, bCols, a, aCols, betaPointer, c, n);
            } else {
                scalars.set(JAVA_FLOAT, 0, (float) alpha);
                scalars.set(JAVA_FLOAT, 16, (float) beta);
                status = (int) functions.sgemm().invokeExact(handle, transB ? OP_T : OP_N, transA ? OP_T : OP_N, n, m, k,
                        alphaPointer, b, bCols, a, aCols, betaPointer, c, n);
            }
            if (status != 0) {
                check(status, (float64 ? "cublasDgemm_v2" : "cublasSgemm_v2") + "(m=" + m + ", n=" + n + ", k=" + k + ")");
            }
        } catch (Throwable t) {
            throw Native.rethrow(t);
        }
    }

    private void check(int status, String call) throws Throwable {
        if (status == 0) {
            return;
        }
        String name = "cublasStatus_t " + status;
        if (functions.statusName().isPresent()) {
            name = Native.string((MemorySegment) functions.statusName().get().invokeExact(status));
        }
        throw new CudaException(call + " failed: " + name);
    }
}
