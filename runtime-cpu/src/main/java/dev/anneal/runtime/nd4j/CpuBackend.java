package dev.anneal.runtime.nd4j;

import static dev.anneal.runtime.backend.TensorShapes.requireDownloadRoom;
import static dev.anneal.runtime.backend.TensorShapes.requireGather;
import static dev.anneal.runtime.backend.TensorShapes.requireLossOutputs;
import static dev.anneal.runtime.backend.TensorShapes.requireMatmul;
import static dev.anneal.runtime.backend.TensorShapes.requireRow;
import static dev.anneal.runtime.backend.TensorShapes.requireSameShape;
import static dev.anneal.runtime.backend.TensorShapes.requireShape;
import static dev.anneal.runtime.backend.TensorShapes.requireUploadValues;

import dev.anneal.runtime.Activation;
import dev.anneal.runtime.backend.Backend;
import dev.anneal.runtime.backend.Precision;
import dev.anneal.runtime.backend.Tensor;
import org.bytedeco.openblas.global.openblas_nolapack;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The {@link Backend} on ND4J's native CPU backend: tensors are ND4J arrays, matrix products go to
 * the OpenBLAS that ND4J ships (called directly on the arrays' memory, as ND4J's own BLAS wrapper
 * does, without its per-call checks), and the element-wise work runs as Java loops over the same
 * memory, which at MLP sizes is several times cheaper than dispatching one ND4J op per step
 * ({@link FloatOps} in float32, which run as SIMD instructions: through Java's Vector API when the
 * JVM has its module, {@code --add-modules jdk.incubator.vector}, else through Java arrays the JIT
 * vectorizes). On CPUs with AVX-512
 * the backend has OpenBLAS use its AVX-512 kernels ({@link OpenBlasCore}) when it is the first to
 * load ND4J.
 *
 * <pre>{@code
 * Backend cpu = CpuBackend.create();                        // float32, sane thread count
 * Backend check = CpuBackend.create(Precision.FLOAT64);     // for gradient checks
 * }</pre>
 *
 * <p>Threads: ND4J's default OpenMP settings can stall for minutes on small ops on a machine with
 * few cores, so the backend sets the thread counts of ND4J and OpenBLAS itself: {@link CpuThreads}
 * (the {@code anneal.threads} system property, else every core for OpenBLAS, which keeps small
 * matrix products on one thread by itself, and half the cores for ND4J).
 */
public final class CpuBackend implements Backend {
    private static final int ROW_MAJOR = openblas_nolapack.CblasRowMajor;
    private static final int NO_TRANS = openblas_nolapack.CblasNoTrans;
    private static final int TRANS = openblas_nolapack.CblasTrans;

    private static final FloatOps BEST = FloatOps.best();

    private final Precision precision;
    private final FloatOps floatOps;

    private CpuBackend(Precision precision, FloatOps floatOps) {
        this.precision = precision;
        this.floatOps = floatOps;
    }

    /** A float32 backend with the default thread settings. */
    public static CpuBackend create() {
        return create(Precision.FLOAT32);
    }

    /** A backend of the given precision with the default thread settings. */
    public static CpuBackend create(Precision precision) {
        return create(precision, CpuThreads.defaultCount());
    }

    /** A backend of the given precision that lets ND4J and OpenBLAS use {@code threads} threads (process-wide). */
    public static CpuBackend create(Precision precision, int threads) {
        return create(precision, threads, BEST);
    }

    /** As {@link #create(Precision, int)}, with the given float32 kernels. */
    static CpuBackend create(Precision precision, int threads, FloatOps floatOps) {
        OpenBlasCore.select();
        CpuThreads.apply(threads);
        return new CpuBackend(precision, floatOps);
    }

    @Override
    public String name() {
        return "cpu";
    }

    @Override
    public Precision precision() {
        return precision;
    }

    @Override
    public Tensor zeros(int rows, int cols) {
        requireShape(rows, cols);
        DataType type = precision == Precision.FLOAT32 ? DataType.FLOAT : DataType.DOUBLE;
        var array = Nd4j.create(type, new long[] {rows, cols}, 'c');
        if (precision == Precision.FLOAT64) {
            return new DoubleTensor(array, rows, cols);
        }
        FloatTensor t = new FloatTensor(array, rows, cols);
        floatOps.adopt(t);
        return t;
    }

    @Override
    public void upload(double[] values, Tensor dst) {
        CpuTensor t = cpu(dst);
        requireUploadValues(values, t);
        for (int i = 0; i < t.size(); i++) {
            t.set(i, values[i]);
        }
    }

    @Override
    public boolean readsCheaply() {
        return true;
    }

    @Override
    public double get(Tensor src, int i) {
        return cpu(src).get(i);
    }

    @Override
    public void download(Tensor src, double[] dst) {
        CpuTensor t = cpu(src);
        requireDownloadRoom(dst, t);
        for (int i = 0; i < t.size(); i++) {
            dst[i] = t.get(i);
        }
    }

    @Override
    public void gatherRows(Tensor src, int[] rows, int offset, Tensor dst) {
        requireGather(src, rows, offset, dst);
        if (precision == Precision.FLOAT32) {
            FloatKernels.gatherRows(floats(src), rows, offset, floats(dst));
        } else {
            Kernels.gatherRows(cpu(src), rows, offset, cpu(dst));
        }
    }

    @Override
    public void matmul(Tensor a, boolean transposeA, Tensor b, boolean transposeB, Tensor c) {
        requireMatmul(a, transposeA, b, transposeB, c);
        int m = c.rows();
        int n = c.cols();
        int k = transposeA ? a.rows() : a.cols();
        int ta = transposeA ? TRANS : NO_TRANS;
        int tb = transposeB ? TRANS : NO_TRANS;
        if (c instanceof FloatTensor fc) {
            openblas_nolapack.cblas_sgemm(ROW_MAJOR, ta, tb, m, n, k, 1.0f, ((FloatTensor) a).pointer, a.cols(),
                    ((FloatTensor) b).pointer, b.cols(), 0.0f, fc.pointer, n);
        } else {
            openblas_nolapack.cblas_dgemm(ROW_MAJOR, ta, tb, m, n, k, 1.0, ((DoubleTensor) a).pointer, a.cols(),
                    ((DoubleTensor) b).pointer, b.cols(), 0.0, ((DoubleTensor) c).pointer, n);
        }
    }

    @Override
    public void addRowVector(Tensor m, Tensor row) {
        requireRow(row, m.cols(), "addRowVector");
        if (precision == Precision.FLOAT32) {
            floatOps.addRowVector(floats(m), floats(row));
        } else {
            Kernels.addRowVector(cpu(m), cpu(row));
        }
    }

    @Override
    public void columnSums(Tensor m, Tensor out) {
        requireRow(out, m.cols(), "columnSums");
        if (precision == Precision.FLOAT32) {
            floatOps.columnSums(floats(m), floats(out));
        } else {
            Kernels.columnSums(cpu(m), cpu(out));
        }
    }

    @Override
    public void activate(Activation f, Tensor z, Tensor out) {
        requireSameShape(z, out, "activate");
        if (precision == Precision.FLOAT32 && f == Activation.RELU) {
            floatOps.relu(floats(z), floats(out));
        } else if (precision == Precision.FLOAT32 && f == Activation.IDENTITY) {
            if (out != z) {
                floats(out).buffer.put(0, floats(z).buffer, 0, z.size());
            }
        } else {
            Kernels.activate(f, cpu(z), cpu(out));
        }
    }

    @Override
    public void activateBackward(Activation f, Tensor z, Tensor out, Tensor grad) {
        requireSameShape(z, grad, "activateBackward");
        requireSameShape(out, grad, "activateBackward");
        if (precision == Precision.FLOAT32 && f == Activation.RELU) {
            floatOps.reluBackward(floats(out), floats(grad));
        } else {
            Kernels.activateBackward(f, cpu(z), cpu(out), cpu(grad));
        }
    }

    @Override
    public void softmaxCrossEntropy(Tensor logits, Tensor labels, Tensor grad, Tensor stats, int slot) {
        if (labels.rows() != logits.rows() || labels.cols() != 1) {
            throw new IllegalArgumentException("softmaxCrossEntropy: labels must be " + logits.rows()
                    + " x 1, got " + labels.rows() + " x " + labels.cols());
        }
        requireLossOutputs(logits, grad, stats, slot);
        Kernels.softmaxCrossEntropy(cpu(logits), cpu(labels), grad == null ? null : cpu(grad), cpu(stats), slot);
    }

    @Override
    public void meanSquaredError(Tensor output, Tensor target, Tensor grad, Tensor stats, int slot) {
        requireSameShape(output, target, "meanSquaredError");
        requireLossOutputs(output, grad, stats, slot);
        Kernels.meanSquaredError(cpu(output), cpu(target), grad == null ? null : cpu(grad), cpu(stats), slot);
    }

    @Override
    public void sgd(Tensor param, Tensor grad, Tensor buf, double lr, double momentum, double dampening,
                    double weightDecay, boolean nesterov, boolean first) {
        requireSameShape(param, grad, "sgd");
        if (momentum != 0.0) {
            requireSameShape(param, buf, "sgd");
        }
        if (precision == Precision.FLOAT32) {
            floatOps.sgd(floats(param), floats(grad), momentum != 0.0 ? floats(buf) : null, lr, momentum,
                    dampening, weightDecay, nesterov, first);
        } else {
            Kernels.sgd(cpu(param), cpu(grad), momentum != 0.0 ? cpu(buf) : null, lr, momentum, dampening,
                    weightDecay, nesterov, first);
        }
    }

    @Override
    public void adam(Tensor param, Tensor grad, Tensor m, Tensor v, double lr, double beta1, double beta2,
                     double eps, double weightDecay, boolean decoupled, long step) {
        requireSameShape(param, grad, "adam");
        requireSameShape(param, m, "adam");
        requireSameShape(param, v, "adam");
        if (precision == Precision.FLOAT32) {
            floatOps.adam(floats(param), floats(grad), floats(m), floats(v), lr, beta1, beta2, eps, weightDecay,
                    decoupled, step);
        } else {
            Kernels.adam(cpu(param), cpu(grad), cpu(m), cpu(v), lr, beta1, beta2, eps, weightDecay, decoupled, step);
        }
    }

    @Override
    public String toString() {
        return "CpuBackend[" + precision + ", " + CpuThreads.current() + " thread(s), " + OpenBlasCore.select()
                + (precision == Precision.FLOAT32 ? ", element-wise kernels: " + floatOps.description() : "") + "]";
    }

    private FloatTensor floats(Tensor t) {
        return (FloatTensor) cpu(t);
    }

    private CpuTensor cpu(Tensor t) {
        if (!(t instanceof CpuTensor c)) {
            throw new IllegalArgumentException("tensor " + t + " was not made by a CpuBackend");
        }
        if ((precision == Precision.FLOAT32) != (c instanceof FloatTensor)) {
            throw new IllegalArgumentException("tensor " + t + " is not " + precision);
        }
        return c;
    }
}
