package dev.anneal.runtime.nd4j;

import org.bytedeco.openblas.global.openblas_nolapack;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Thread settings for ND4J's native backend and its OpenBLAS, chosen by the runtime so that users need
 * not export {@code OMP_NUM_THREADS} and friends: the {@code anneal.threads} system property when
 * set, else half the available cores (at least 1), which keeps OpenMP's spinning workers from
 * stalling small ops on machines with few cores.
 *
 * <pre>{@code
 * java -Danneal.threads=4 ...            // or CpuBackend.create(Precision.FLOAT32, 4)
 * }</pre>
 */
public final class CpuThreads {
    /** The system property that overrides the default thread count. */
    public static final String PROPERTY = "anneal.threads";

    private CpuThreads() {
    }

    /** The count the runtime uses unless told otherwise. */
    public static int defaultCount() {
        String set = System.getProperty(PROPERTY);
        if (set != null) {
            try {
                int n = Integer.parseInt(set.trim());
                if (n >= 1) {
                    return n;
                }
            } catch (NumberFormatException e) {
                // reported below
            }
            throw new IllegalArgumentException("system property " + PROPERTY + " must be an integer >= 1, got '"
                    + set + "'");
        }
        return Math.max(1, Runtime.getRuntime().availableProcessors() / 2);
    }

    /** Sets ND4J's and OpenBLAS's thread counts for the whole process. */
    static synchronized void apply(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1, got " + threads);
        }
        Nd4j.getEnvironment().setMaxThreads(threads);
        Nd4j.getEnvironment().setMaxMasterThreads(threads);
        openblas_nolapack.blas_set_num_threads(threads);
    }

    /** The thread count OpenBLAS uses now. */
    static int current() {
        return openblas_nolapack.blas_get_num_threads();
    }
}
