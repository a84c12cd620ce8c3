package dev.anneal.gpu;

import static dev.anneal.runtime.backend.TensorShapes.requireDownloadRoom;
import static dev.anneal.runtime.backend.TensorShapes.requireGather;
import static dev.anneal.runtime.backend.TensorShapes.requireLossOutputs;
import static dev.anneal.runtime.backend.TensorShapes.requireMatmul;
import static dev.anneal.runtime.backend.TensorShapes.requireRow;
import static dev.anneal.runtime.backend.TensorShapes.requireSameShape;
import static dev.anneal.runtime.backend.TensorShapes.requireShape;
import static dev.anneal.runtime.backend.TensorShapes.requireUploadValues;
import static java.lang.foreign.ValueLayout.JAVA_DOUBLE;
import static java.lang.foreign.ValueLayout.JAVA_FLOAT;

import dev.anneal.runtime.Activation;
import dev.anneal.runtime.backend.Backend;
import dev.anneal.runtime.backend.Precision;
import dev.anneal.runtime.backend.Tensor;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The {@link Backend} on an NVIDIA GPU: tensors live in GPU memory, matrix products go to cuBLAS,
 * everything else to this module's kernels, all queued on one stream. Nothing in a training step
 * waits for the GPU: batches are gathered on the device from data uploaded once, hyperparameters
 * travel as kernel arguments, and each step's loss lands in a device table the trainer reads at
 * epoch end ({@link #download} is the only call that waits). Trainings on several threads may share
 * a backend or a GPU; their work interleaves on the device's one stream.
 *
 * <pre>{@code
 * Backend gpu = CudaBackend.create(0, Precision.FLOAT32);
 * Trainer trainer = Trainer.builder(mlp).backend(gpu).build();
 * }</pre>
 */
public final class CudaBackend implements Backend {
    private static final int MAX_INDEX_MIRRORS = 8;
    /** Mean squared error: blocks of 8 warps over the elements, as many as the scratch has room for. */
    static final int MSE_THREADS = 256;
    /** Softmax cross-entropy: blocks of 8 warps, each warp taking 4 rows. */
    private static final int XENT_THREADS = 256;
    private static final int XENT_ROWS_PER_BLOCK = 32;
    /** Column sums: rows per chunk (8 per thread of a 32 x 32 block), and chunks at most. */
    private static final int COLUMN_CHUNK_ROWS = 256;
    private static final int COLUMN_MAX_CHUNKS = 64;

    private final CudaDevice device;
    private final Precision precision;
    private final boolean float64;
    private final int elementBytes;
    private final Map<Activation, Kernel> activate = new EnumMap<>(Activation.class);
    private final Map<Activation, Kernel> activateBackward = new EnumMap<>(Activation.class);
    private final Kernel addRowVector;
    private final Kernel columnSums;
    private final Kernel softmaxCrossEntropy;
    private final Kernel meanSquaredError;
    private final Kernel sgd;
    private final Kernel adam;
    private final Kernel gatherRows;
    private final List<IndexMirror> mirrors = new ArrayList<>();

    private CudaBackend(CudaDevice device, Precision precision) {
        this.device = device;
        this.precision = precision;
        this.float64 = precision == Precision.FLOAT64;
        this.elementBytes = float64 ? 8 : 4;
        String suffix = float64 ? "_f64" : "_f32";
        for (Activation f : Activation.values()) {
            if (f != Activation.IDENTITY) {
                activate.put(f, device.kernel(KernelSource.ACTIVATIONS, f.text() + suffix));
                activateBackward.put(f, device.kernel(KernelSource.ACTIVATIONS, f.text() + "_grad" + suffix));
            }
        }
        addRowVector = device.kernel(KernelSource.ACTIVATIONS, "add_row_vector" + suffix);
        columnSums = device.kernel(KernelSource.REDUCTIONS, "column_sums" + suffix);
        softmaxCrossEntropy = device.kernel(KernelSource.LOSSES, "softmax_xent" + suffix);
        meanSquaredError = device.kernel(KernelSource.LOSSES, "mean_squared_error" + suffix);
        sgd = device.kernel(KernelSource.OPTIMIZERS, "sgd" + suffix);
        adam = device.kernel(KernelSource.OPTIMIZERS, "adam" + suffix);
        gatherRows = device.kernel(KernelSource.GATHER, "gather_rows" + suffix);
    }

    /** A float32 backend on the first GPU. */
    public static CudaBackend create() {
        return create(0, Precision.FLOAT32);
    }

    /**
     * A backend on GPU {@code index} ({@code cuda:index}) of the given precision; compiles the
     * kernels for the GPU on first use in the process.
     *
     * @throws CudaException when that GPU is not usable, saying what is missing
     */
    public static CudaBackend create(int index, Precision precision) {
        return new CudaBackend(DeviceSelection.open(index, CudaEnvironment.current()), precision);
    }

    @Override
    public String name() {
        return "cuda:" + device.ordinal;
    }

    @Override
    public Precision precision() {
        return precision;
    }

    @Override
    public Tensor zeros(int rows, int cols) {
        requireShape(rows, cols);
        long elements = (long) rows * cols;
        CudaTensor t;
        try {
            t = new CudaTensor(this, device, rows, cols, elements * elementBytes);
        } catch (CudaException e) {
            throw new CudaException("cannot allocate a " + rows + " x " + cols + " " + precision + " tensor ("
                    + elements * elementBytes + " bytes) on " + device.describe() + ": " + e.getMessage(), e);
        }
        device.zero(t.pointer, elements * elementBytes / 4);
        return t;
    }

    @Override
    public void upload(double[] values, Tensor dst) {
        CudaTensor t = cuda(dst);
        requireUploadValues(values, t);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment host = arena.allocate((long) t.size() * elementBytes, elementBytes);
            for (int i = 0; i < t.size(); i++) {
                if (float64) {
                    host.setAtIndex(JAVA_DOUBLE, i, values[i]);
                } else {
                    host.setAtIndex(JAVA_FLOAT, i, (float) values[i]);
                }
            }
            device.upload(t.pointer, host, host.byteSize());
        }
    }

    @Override
    public void download(Tensor src, double[] dst) {
        CudaTensor t = cuda(src);
        requireDownloadRoom(dst, t);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment host = arena.allocate((long) t.size() * elementBytes, elementBytes);
            device.download(host, t.pointer, host.byteSize());
            for (int i = 0; i < t.size(); i++) {
                dst[i] = float64 ? host.getAtIndex(JAVA_DOUBLE, i) : host.getAtIndex(JAVA_FLOAT, i);
            }
        }
    }

    @Override
    public void gatherRows(Tensor src, int[] rows, int offset, Tensor dst) {
        CudaTensor s = cuda(src);
        CudaTensor d = cuda(dst);
        requireGather(s, rows, offset, d);
        // Under the lock, no other thread evicts (frees) the mirror between its check and the launch.
        synchronized (mirrors) {
            IndexMirror mirror = mirror(rows);
            mirror.prepare(offset, d.rows(), s.rows());
            gatherRows.args().pointer(s.pointer).pointer(mirror.device).i32(offset).i32(d.rows()).i32(d.cols())
                    .pointer(d.pointer).launchOver(d.size());
        }
    }

    private IndexMirror mirror(int[] rows) {
        for (int i = 0; i < mirrors.size(); i++) {
            if (mirrors.get(i).array == rows) {
                return mirrors.get(i);
            }
        }
        if (mirrors.size() == MAX_INDEX_MIRRORS) {
            mirrors.removeFirst().free();
        }
        IndexMirror mirror = new IndexMirror(device, rows);
        mirrors.add(mirror);
        return mirror;
    }

    @Override
    public void matmul(Tensor a, boolean transposeA, Tensor b, boolean transposeB, Tensor c) {
        requireMatmul(a, transposeA, b, transposeB, c);
        device.gemm(float64, transposeA, transposeB, c.rows(), c.cols(), transposeA ? a.rows() : a.cols(), 1.0, cuda(a).pointer, a.cols(),
                cuda(b).pointer, b.cols(), 0.0, cuda(c).pointer);
    }

    @Override
    public void addRowVector(Tensor m, Tensor row) {
        requireRow(row, m.cols(), "addRowVector");
        addRowVector.args().pointer(cuda(m).pointer).pointer(cuda(row).pointer).i32(m.rows()).i32(m.cols())
                .launchOver(m.size());
    }

    @Override
    public void columnSums(Tensor m, Tensor out) {
        requireRow(out, m.cols(), "columnSums");
        // Chunks of rows on blockIdx.y spread a tall matrix over the GPU; their sums go through the scratch.
        int chunks = Math.max(1, Math.min(Math.min((m.rows() + COLUMN_CHUNK_ROWS - 1) / COLUMN_CHUNK_ROWS, COLUMN_MAX_CHUNKS),
                ReductionScratch.COLUMN_PARTIALS / m.cols()));
        ReductionScratch scratch = device.scratch();
        columnSums.args().pointer(cuda(m).pointer).i32(m.rows()).i32(m.cols()).pointer(cuda(out).pointer)
                .pointer(scratch.columnPartials).pointer(scratch.columnArrived).launch((m.cols() + 31) / 32, chunks, 32, 32);
    }

    @Override
    public void activate(Activation f, Tensor z, Tensor out) {
        requireSameShape(z, out, "activate");
        if (f == Activation.IDENTITY) {
            if (out != z) {
                device.copy(cuda(out).pointer, cuda(z).pointer, (long) z.size() * elementBytes);
            }
            return;
        }
        activate.get(f).args().pointer(cuda(z).pointer).pointer(cuda(out).pointer).i32(z.size()).launchOver(z.size());
    }

    @Override
    public void activateBackward(Activation f, Tensor z, Tensor out, Tensor grad) {
        requireSameShape(z, grad, "activateBackward");
        requireSameShape(out, grad, "activateBackward");
        if (f != Activation.IDENTITY) {
            activateBackward.get(f).args().pointer(cuda(grad).pointer).pointer(cuda(z).pointer).pointer(cuda(out).pointer)
                    .i32(grad.size()).launchOver(grad.size());
        }
    }

    @Override
    public void softmaxCrossEntropy(Tensor logits, Tensor labels, Tensor grad, Tensor stats, int slot) {
        if (labels.rows() != logits.rows() || labels.cols() != 1) {
            throw new IllegalArgumentException("softmaxCrossEntropy: labels must be " + logits.rows()
                    + " x 1, got " + labels.rows() + " x " + labels.cols());
        }
        requireLossOutputs(logits, grad, stats, slot);
        int blocks = Math.min((logits.rows() + XENT_ROWS_PER_BLOCK - 1) / XENT_ROWS_PER_BLOCK, ReductionScratch.LOSS_BLOCKS);
        ReductionScratch scratch = device.scratch();
        softmaxCrossEntropy.args().pointer(cuda(logits).pointer).pointer(cuda(labels).pointer).i32(logits.rows())
                .i32(logits.cols()).pointer(grad == null ? 0 : cuda(grad).pointer).pointer(cuda(stats).pointer).i32(slot)
                .pointer(scratch.lossPartials).pointer(scratch.lossArrived).launch(blocks, 1, XENT_THREADS, 1);
    }

    @Override
    public void meanSquaredError(Tensor output, Tensor target, Tensor grad, Tensor stats, int slot) {
        requireSameShape(output, target, "meanSquaredError");
        requireLossOutputs(output, grad, stats, slot);
        ReductionScratch scratch = device.scratch();
        meanSquaredError.args().pointer(cuda(output).pointer).pointer(cuda(target).pointer).i32(output.size())
                .pointer(grad == null ? 0 : cuda(grad).pointer).pointer(cuda(stats).pointer).i32(slot)
                .pointer(scratch.lossPartials).pointer(scratch.lossArrived)
                .launch(mseBlocks(output.size()), 1, MSE_THREADS, 1);
    }

    /** Blocks of the mean squared error over {@code n} elements: one per {@value #MSE_THREADS}, at most the scratch's. */
    static int mseBlocks(int n) {
        return Math.min((n + MSE_THREADS - 1) / MSE_THREADS, ReductionScratch.LOSS_BLOCKS);
    }

    @Override
    public void sgd(Tensor param, Tensor grad, Tensor buf, double lr, double momentum, double dampening,
                    double weightDecay, boolean nesterov, boolean first) {
        requireSameShape(param, grad, "sgd");
        if (momentum != 0.0) {
            requireSameShape(param, buf, "sgd");
        }
        sgd.args().pointer(cuda(param).pointer).pointer(cuda(grad).pointer).pointer(momentum != 0.0 ? cuda(buf).pointer : 0)
                .i32(param.size()).f64(lr).f64(momentum).f64(dampening).f64(weightDecay).i32(nesterov ? 1 : 0)
                .i32(first ? 1 : 0).launchOver(param.size());
    }

    @Override
    public void adam(Tensor param, Tensor grad, Tensor m, Tensor v, double lr, double beta1, double beta2, double eps,
                     double weightDecay, boolean decoupled, long step) {
        requireSameShape(param, grad, "adam");
        requireSameShape(param, m, "adam");
        requireSameShape(param, v, "adam");
        double stepSize = lr / (1.0 - Math.pow(beta1, step));
        double correction2 = Math.sqrt(1.0 - Math.pow(beta2, step));
        adam.args().pointer(cuda(param).pointer).pointer(cuda(grad).pointer).pointer(cuda(m).pointer).pointer(cuda(v).pointer)
                .i32(param.size()).f64(beta1).f64(beta2).f64(eps).f64(decoupled ? 1.0 - lr * weightDecay : 1.0)
                .f64(decoupled ? 0.0 : weightDecay).f64(stepSize).f64(correction2).launchOver(param.size());
    }

    @Override
    public String toString() {
        return "CudaBackend[" + device.describe() + ", " + precision + "]";
    }

    private CudaTensor cuda(Tensor t) {
        if (!(t instanceof CudaTensor c) || c.owner.device != device) {
            throw new IllegalArgumentException("tensor " + t + " was not made by a CudaBackend on " + name());
        }
        if (c.owner.precision != precision) {
            throw new IllegalArgumentException("tensor " + t + " is " + c.owner.precision + ", this backend " + precision);
        }
        return c;
    }
}
