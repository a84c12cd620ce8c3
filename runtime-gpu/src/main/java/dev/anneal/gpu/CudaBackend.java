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
import java.lang.ref.Reference;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@link Backend} on an NVIDIA GPU: tensors live in GPU memory, matrix products go to cuBLAS,
 * everything else to this module's kernels, all queued on one stream. Nothing in a training step
 * waits for the GPU: batches are gathered on the device from data uploaded once, and each step's
 * loss lands in a device table the trainer reads at epoch end ({@link #download} is the only call
 * that waits). With CUDA graphs (the default) a training step, from {@link #beginStep} to
 * {@link #endStep}, is captured once as a graph and replayed: one copy of what changed (the batch's
 * rows, the hyperparameters) and one launch per step, instead of a launch per kernel and GEMM.
 * Trainings on several threads may share a backend or a GPU; their work interleaves on the device's
 * one stream.
 *
 * <pre>{@code
 * Backend gpu = CudaBackend.create(0, Precision.FLOAT32);          // CUDA graphs on
 * Backend eager = CudaBackend.create(0, Precision.FLOAT32, false); // a launch per kernel
 * Trainer trainer = Trainer.builder(mlp).backend(gpu).build();
 * }</pre>
 */
public final class CudaBackend implements Backend {
    private static final int MAX_INDEX_MIRRORS = 8;

    private final CudaDevice device;
    private final Precision precision;
    private final boolean float64;
    private final int elementBytes;
    private final BackendKernels kernels;
    private final List<IndexMirror> mirrors = new ArrayList<>();
    /** Each thread's recorded steps and their graphs; null without CUDA graphs. */
    private final ThreadLocal<StepGraph> steps;

    private CudaBackend(CudaDevice device, Precision precision, boolean cudaGraphs) {
        this.device = device;
        this.precision = precision;
        this.float64 = precision == Precision.FLOAT64;
        this.elementBytes = float64 ? 8 : 4;
        this.kernels = new BackendKernels(device, float64);
        // ANNEAL_CUDA_SYNC=1 waits for each launch, which a graph does not have.
        this.steps = cudaGraphs && device.graphs != null && !device.syncEachLaunch
                ? ThreadLocal.withInitial(() -> new StepGraph(device)) : null;
    }

    /** A float32 backend on the first GPU, with CUDA graphs. */
    public static CudaBackend create() {
        return create(0, Precision.FLOAT32);
    }

    /**
     * A backend on GPU {@code index} ({@code cuda:index}) of the given precision, with CUDA graphs;
     * compiles the kernels for the GPU on first use in the process.
     *
     * @throws CudaException when that GPU is not usable, saying what is missing
     */
    public static CudaBackend create(int index, Precision precision) {
        return create(index, precision, true);
    }

    /**
     * As {@link #create(int, Precision)}; {@code cudaGraphs} false launches each kernel and GEMM of a
     * step by itself (to compare: both give the same numbers, to the bit).
     */
    public static CudaBackend create(int index, Precision precision, boolean cudaGraphs) {
        return on(DeviceSelection.open(index, CudaEnvironment.current()), precision, cudaGraphs);
    }

    /** A backend on an open device. */
    static CudaBackend on(CudaDevice device, Precision precision, boolean cudaGraphs) {
        return new CudaBackend(device, precision, cudaGraphs);
    }

    /** A backend on an open device, with CUDA graphs. */
    static CudaBackend on(CudaDevice device, Precision precision) {
        return on(device, precision, true);
    }

    @Override
    public String name() {
        return "cuda:" + device.ordinal;
    }

    @Override
    public Precision precision() {
        return precision;
    }

    /**
     * Whether training steps run as CUDA graphs: asked for, the driver has them (CUDA 11.4 and later),
     * and ANNEAL_CUDA_SYNC=1 is not set.
     */
    public boolean cudaGraphs() {
        return steps != null;
    }

    @Override
    public void beginStep(long step) {
        device.trainingStep(step);
        if (steps != null) {
            steps.get().begin();
        }
    }

    @Override
    public void endStep() {
        if (steps != null) {
            steps.get().end();
        }
        device.trainingStep(-1);
    }

    /** The calling thread's step being recorded, or null: calls then go to the GPU at once. */
    private StepGraph recording() {
        if (steps == null) {
            return null;
        }
        StepGraph step = steps.get();
        return step.recording() ? step : null;
    }

    /** Before a call a step cannot record (it allocates or copies): what the step recorded goes to the GPU first. */
    private void unrecorded() {
        StepGraph step = recording();
        if (step != null) {
            step.flush();
        }
    }

    /** Graphs captured by the calling thread so far (for the tests). */
    long captures() {
        return steps == null ? 0 : steps.get().captures();
    }

    /** Steps the calling thread has launched as graphs so far (for the tests). */
    long graphLaunches() {
        return steps == null ? 0 : steps.get().launches();
    }

    @Override
    public Tensor zeros(int rows, int cols) {
        requireShape(rows, cols);
        unrecorded();
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
        unrecorded();
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
        Reference.reachabilityFence(t);
    }

    @Override
    public void download(Tensor src, double[] dst) {
        CudaTensor t = cuda(src);
        requireDownloadRoom(dst, t);
        unrecorded();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment host = arena.allocate((long) t.size() * elementBytes, elementBytes);
            device.download(host, t.pointer, host.byteSize());
            Reference.reachabilityFence(t);
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
        StepGraph step = recording();
        if (step != null) {
            IndexMirror.requireRows(rows, offset, d.rows(), s.rows());
            kernels.gatherRows(step, s.pointer, rows, offset, d.rows(), d.cols(), d.pointer);
        } else {
            // Under the lock, no other thread evicts (frees) the mirror between its check and the launch.
            synchronized (mirrors) {
                IndexMirror mirror = mirror(rows);
                mirror.prepare(offset, d.rows(), s.rows());
                kernels.gatherRows(s.pointer, mirror.device, offset, d.rows(), d.cols(), d.pointer);
            }
        }
        keep(step, s, d, null, null);
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
        int k = transposeA ? a.rows() : a.cols();
        StepGraph step = recording();
        if (step != null) {
            step.recordGemm(float64, transposeA, transposeB, c.rows(), c.cols(), k, cuda(a).pointer, a.cols(), cuda(b).pointer,
                    b.cols(), cuda(c).pointer);
        } else {
            device.gemm(float64, transposeA, transposeB, c.rows(), c.cols(), k, 1.0, cuda(a).pointer, a.cols(),
                    cuda(b).pointer, b.cols(), 0.0, cuda(c).pointer);
        }
        keep(step, a, b, c, null);
    }

    @Override
    public void addRowVector(Tensor m, Tensor row) {
        requireRow(row, m.cols(), "addRowVector");
        StepGraph step = recording();
        kernels.addRowVector(step, cuda(m).pointer, cuda(row).pointer, m.rows(), m.cols());
        keep(step, m, row, null, null);
    }

    @Override
    public void columnSums(Tensor m, Tensor out) {
        requireRow(out, m.cols(), "columnSums");
        StepGraph step = recording();
        kernels.columnSums(step, cuda(m).pointer, m.rows(), m.cols(), cuda(out).pointer, device.scratch());
        keep(step, m, out, null, null);
    }

    @Override
    public void activate(Activation f, Tensor z, Tensor out) {
        requireSameShape(z, out, "activate");
        StepGraph step = recording();
        if (f != Activation.IDENTITY) {
            kernels.activate(step, f, cuda(z).pointer, cuda(out).pointer, z.size());
        } else if (out != z && step != null) {
            step.recordCopy(cuda(out).pointer, cuda(z).pointer, (long) z.size() * elementBytes);
        } else if (out != z) {
            device.copy(cuda(out).pointer, cuda(z).pointer, (long) z.size() * elementBytes);
        }
        keep(step, z, out, null, null);
    }

    @Override
    public void activateBackward(Activation f, Tensor z, Tensor out, Tensor grad) {
        requireSameShape(z, grad, "activateBackward");
        requireSameShape(out, grad, "activateBackward");
        if (f != Activation.IDENTITY) {
            StepGraph step = recording();
            kernels.activateBackward(step, f, cuda(grad).pointer, cuda(z).pointer, cuda(out).pointer, grad.size());
            keep(step, z, out, grad, null);
        }
    }

    @Override
    public void softmaxCrossEntropy(Tensor logits, Tensor labels, Tensor grad, Tensor stats, int slot) {
        if (labels.rows() != logits.rows() || labels.cols() != 1) {
            throw new IllegalArgumentException("softmaxCrossEntropy: labels must be " + logits.rows()
                    + " x 1, got " + labels.rows() + " x " + labels.cols());
        }
        requireLossOutputs(logits, grad, stats, slot);
        StepGraph step = recording();
        kernels.softmaxCrossEntropy(step, cuda(logits).pointer, cuda(labels).pointer, logits.rows(), logits.cols(),
                grad == null ? 0 : cuda(grad).pointer, cuda(stats).pointer, slot, device.scratch());
        keep(step, logits, labels, grad, stats);
    }

    @Override
    public void meanSquaredError(Tensor output, Tensor target, Tensor grad, Tensor stats, int slot) {
        requireSameShape(output, target, "meanSquaredError");
        requireLossOutputs(output, grad, stats, slot);
        StepGraph step = recording();
        kernels.meanSquaredError(step, cuda(output).pointer, cuda(target).pointer, output.size(),
                grad == null ? 0 : cuda(grad).pointer, cuda(stats).pointer, slot, device.scratch());
        keep(step, output, target, grad, stats);
    }

    @Override
    public void sgd(Tensor param, Tensor grad, Tensor buf, double lr, double momentum, double dampening,
                    double weightDecay, boolean nesterov, boolean first) {
        requireSameShape(param, grad, "sgd");
        if (momentum != 0.0) {
            requireSameShape(param, buf, "sgd");
        }
        StepGraph step = recording();
        kernels.sgd(step, cuda(param).pointer, cuda(grad).pointer, momentum != 0.0 ? cuda(buf).pointer : 0, param.size(), lr,
                momentum, dampening, weightDecay, nesterov, first);
        keep(step, param, grad, buf, null);
    }

    @Override
    public void adam(Tensor param, Tensor grad, Tensor m, Tensor v, double lr, double beta1, double beta2, double eps,
                     double weightDecay, boolean decoupled, long step) {
        requireSameShape(param, grad, "adam");
        requireSameShape(param, m, "adam");
        requireSameShape(param, v, "adam");
        StepGraph recorded = recording();
        kernels.adam(recorded, cuda(param).pointer, cuda(grad).pointer, cuda(m).pointer, cuda(v).pointer, param.size(), beta1, beta2,
                eps, decoupled ? 1.0 - lr * weightDecay : 1.0, decoupled ? 0.0 : weightDecay,
                lr / (1.0 - Math.pow(beta1, step)), Math.sqrt(1.0 - Math.pow(beta2, step)));
        keep(recorded, param, grad, m, v);
    }

    /**
     * Keeps the tensors of a call reachable until it is queued: a tensor's memory is freed (in stream
     * order) by a Cleaner once the tensor is unreachable, and without this the JIT may drop the last
     * reference after reading the pointer, so that the free is queued before the kernel that reads
     * the memory. A recorded call is queued at the step's end, so the step keeps them until then.
     */
    private static void keep(StepGraph step, Tensor a, Tensor b, Tensor c, Tensor d) {
        if (step != null) {
            step.keep(a, b, c, d);
        }
        Reference.reachabilityFence(a);
        Reference.reachabilityFence(b);
        Reference.reachabilityFence(c);
        Reference.reachabilityFence(d);
    }

    @Override
    public String toString() {
        return "CudaBackend[" + device.describe() + ", " + precision + (steps != null ? ", CUDA graphs" : "") + "]";
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
