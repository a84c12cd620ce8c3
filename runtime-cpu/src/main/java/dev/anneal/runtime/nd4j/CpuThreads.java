package dev.anneal.runtime.nd4j;

import org.bytedeco.openblas.global.openblas_nolapack;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Thread settings for OpenBLAS and ND4J's native backend, chosen by the runtime so that users need
 * not export {@code OMP_NUM_THREADS} and friends: the {@code anneal.threads} system property when
 * set, else every available core.
 *
 * <p>The count is OpenBLAS's: a training step's parallel work is its matrix products. Every core is
 * the fastest choice for small and large models alike, because OpenBLAS itself runs a product on
 * one thread when it is small (m·n·k up to 262,144 multiply-adds: every product of MLP 20-64-2 at
 * batch 32), and splits the large ones (MLP 784-512-512-10 at batch 256) across the cores. ND4J's
 * own OpenMP threads, which a training step does not use, stay at half the cores (at least 1): with
 * more, OpenMP's spinning workers stalled many small ND4J ops on a 2-core machine.
 *
 * <pre>{@code
 * java -Danneal.threads=1 ...            // or CpuBackend.create(Precision.FLOAT32, 1)
 * }</pre>
 */
public final class CpuThreads {
    /** The system property that overrides the default thread count. */
    public static final String PROPERTY = "anneal.threads";
    private static int applied;

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
        return Runtime.getRuntime().availableProcessors();
    }

    /**
     * Sets OpenBLAS's thread count, and ND4J's (at most half the cores), for the whole process; a
     * count already set is not set again (each call costs milliseconds, and a sweep makes a backend
     * per trial).
     */
    static synchronized void apply(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1, got " + threads);
        }
        if (threads == applied) {
            return;
        }
        applied = threads;
        int nd4j = Math.min(threads, Math.max(1, Runtime.getRuntime().availableProcessors() / 2));
        Nd4j.getEnvironment().setMaxThreads(nd4j);
        Nd4j.getEnvironment().setMaxMasterThreads(nd4j);
        openblas_nolapack.blas_set_num_threads(threads);
    }

    /** The thread count OpenBLAS uses now. */
    static int current() {
        return openblas_nolapack.blas_get_num_threads();
    }
}
