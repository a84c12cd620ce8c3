package dev.anneal.gpu;

import static java.lang.foreign.ValueLayout.JAVA_DOUBLE;
import static java.lang.foreign.ValueLayout.JAVA_INT;

import dev.anneal.runtime.Activation;
import java.lang.foreign.MemorySegment;
import java.util.EnumMap;
import java.util.Map;

/**
 * The kernels of a {@link CudaBackend}'s precision and their arguments: each operation launched at
 * once, or, given the {@link StepGraph} recording a step, recorded into it. Where a step changes a
 * value (the gather's rows, the loss's slot, the optimizers' hyperparameters), the recorded form
 * writes it among the step's inputs and launches the {@code _indirect} kernel that reads it there:
 * the same arithmetic on the same values, so a graph gives the numbers of the eager step to the bit.
 * Pointers are device addresses; the backend has checked the shapes.
 */
final class BackendKernels {
    private final Map<Activation, Kernel> activate = new EnumMap<>(Activation.class);
    private final Map<Activation, Kernel> activateBackward = new EnumMap<>(Activation.class);
    private final Kernel addRowVector;
    private final Kernel columnSums;
    private final Kernel softmaxCrossEntropy;
    private final Kernel softmaxCrossEntropyIndirect;
    private final Kernel meanSquaredError;
    private final Kernel meanSquaredErrorIndirect;
    private final Kernel sgd;
    private final Kernel sgdIndirect;
    private final Kernel adam;
    private final Kernel adamIndirect;
    private final Kernel gatherRows;

    BackendKernels(CudaDevice device, boolean float64) {
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
        softmaxCrossEntropyIndirect = device.kernel(KernelSource.LOSSES, "softmax_xent_indirect" + suffix);
        meanSquaredError = device.kernel(KernelSource.LOSSES, "mean_squared_error" + suffix);
        meanSquaredErrorIndirect = device.kernel(KernelSource.LOSSES, "mean_squared_error_indirect" + suffix);
        sgd = device.kernel(KernelSource.OPTIMIZERS, "sgd" + suffix);
        sgdIndirect = device.kernel(KernelSource.OPTIMIZERS, "sgd_indirect" + suffix);
        adam = device.kernel(KernelSource.OPTIMIZERS, "adam" + suffix);
        adamIndirect = device.kernel(KernelSource.OPTIMIZERS, "adam_indirect" + suffix);
        gatherRows = device.kernel(KernelSource.GATHER, "gather_rows" + suffix);
    }

    /** {@code dst[i, :] = src[order[first + i], :]} for {@code rows} rows, the order on the device. */
    void gatherRows(long src, long order, int first, int rows, int cols, long dst) {
        gatherRows.args().pointer(src).pointer(order).i32(first).i32(rows).i32(cols).pointer(dst).launchOver(rows * cols);
    }

    /** The same, recorded: {@code order[first, first + rows)} travels with the step's inputs. */
    void gatherRows(StepGraph step, long src, int[] order, int first, int rows, int cols, long dst) {
        long indices = step.indices(order, first, rows);
        gatherRows.args(step).pointer(src).input(indices).i32(0).i32(rows).i32(cols).pointer(dst).launchOver(rows * cols);
    }

    void addRowVector(StepGraph step, long m, long row, int rows, int cols) {
        addRowVector.args(step).pointer(m).pointer(row).i32(rows).i32(cols).launchOver(rows * cols);
    }

    void columnSums(StepGraph step, long m, int rows, int cols, long out, ReductionScratch scratch) {
        columnSums.args(step).pointer(m).i32(rows).i32(cols).pointer(out).pointer(scratch.columnPartials)
                .pointer(scratch.columnArrived).launch(LaunchShapes.columnGroups(cols), LaunchShapes.columnChunks(rows, cols), 32, 32);
    }

    void activate(StepGraph step, Activation f, long z, long out, int n) {
        activate.get(f).args(step).pointer(z).pointer(out).i32(n).launchOver(n);
    }

    void activateBackward(StepGraph step, Activation f, long grad, long z, long out, int n) {
        activateBackward.get(f).args(step).pointer(grad).pointer(z).pointer(out).i32(n).launchOver(n);
    }

    void softmaxCrossEntropy(StepGraph step, long logits, long labels, int rows, int classes, long grad, long stats, int slot,
                             ReductionScratch scratch) {
        Kernel.Arguments a = step == null ? softmaxCrossEntropy.args() : softmaxCrossEntropyIndirect.args(step);
        a.pointer(logits).pointer(labels).i32(rows).i32(classes).pointer(grad).pointer(stats);
        slot(a, step, slot).pointer(scratch.lossPartials).pointer(scratch.lossArrived)
                .launch(LaunchShapes.xentBlocks(rows), 1, LaunchShapes.XENT_THREADS, 1);
    }

    void meanSquaredError(StepGraph step, long output, long target, int n, long grad, long stats, int slot, ReductionScratch scratch) {
        Kernel.Arguments a = step == null ? meanSquaredError.args() : meanSquaredErrorIndirect.args(step);
        a.pointer(output).pointer(target).i32(n).pointer(grad).pointer(stats);
        slot(a, step, slot).pointer(scratch.lossPartials).pointer(scratch.lossArrived)
                .launch(LaunchShapes.mseBlocks(n), 1, LaunchShapes.MSE_THREADS, 1);
    }

    /** The loss's row in the stats table: an argument, or, in a recorded step, one of the step's inputs. */
    private static Kernel.Arguments slot(Kernel.Arguments a, StepGraph step, int slot) {
        if (step == null) {
            return a.i32(slot);
        }
        long at = step.reserve(4);
        step.inputs().set(JAVA_INT, at, slot);
        return a.input(at);
    }

    void sgd(StepGraph step, long param, long grad, long buf, int n, double lr, double momentum, double dampening,
             double weightDecay, boolean nesterov, boolean first) {
        if (step == null) {
            sgd.args().pointer(param).pointer(grad).pointer(buf).i32(n).f64(lr).f64(momentum).f64(dampening).f64(weightDecay)
                    .i32(nesterov ? 1 : 0).i32(first ? 1 : 0).launchOver(n);
        } else {
            long at = hyperparameters(step, lr, momentum, dampening, weightDecay, nesterov ? 1 : 0, first ? 1 : 0, 0);
            sgdIndirect.args(step).pointer(param).pointer(grad).pointer(buf).i32(n).input(at).launchOver(n);
        }
    }

    /** Adam and AdamW: {@code shrink} = 1 - lr * weight decay for AdamW (else 1), {@code l2} the weight decay for Adam (else 0). */
    void adam(StepGraph step, long param, long grad, long m, long v, int n, double beta1, double beta2, double eps, double shrink,
              double l2, double stepSize, double correction2) {
        if (step == null) {
            adam.args().pointer(param).pointer(grad).pointer(m).pointer(v).i32(n).f64(beta1).f64(beta2).f64(eps).f64(shrink)
                    .f64(l2).f64(stepSize).f64(correction2).launchOver(n);
        } else {
            long at = hyperparameters(step, beta1, beta2, eps, shrink, l2, stepSize, correction2);
            adamIndirect.args(step).pointer(param).pointer(grad).pointer(m).pointer(v).i32(n).input(at).launchOver(n);
        }
    }

    /** Seven doubles among the step's inputs: their offset. */
    private static long hyperparameters(StepGraph step, double a, double b, double c, double d, double e, double f, double g) {
        long at = step.reserve(7 * 8);
        MemorySegment inputs = step.inputs();
        inputs.set(JAVA_DOUBLE, at, a);
        inputs.set(JAVA_DOUBLE, at + 8, b);
        inputs.set(JAVA_DOUBLE, at + 16, c);
        inputs.set(JAVA_DOUBLE, at + 24, d);
        inputs.set(JAVA_DOUBLE, at + 32, e);
        inputs.set(JAVA_DOUBLE, at + 40, f);
        inputs.set(JAVA_DOUBLE, at + 48, g);
        return at;
    }
}
