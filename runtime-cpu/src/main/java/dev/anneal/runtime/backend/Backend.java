package dev.anneal.runtime.backend;

import dev.anneal.runtime.Activation;

/**
 * The operations one training step of an MLP needs, on opaque {@link Tensor}s that the backend
 * allocates. Every operation writes into tensors the caller allocated beforehand, so a training
 * step allocates nothing. Matrices are row-major; a bias is a {@code 1 x n} row.
 * Implementations: {@code CpuBackend} (ND4J native, this module) and the CUDA runtime.
 *
 * <pre>{@code
 * Backend b = CpuBackend.create();
 * Tensor x = b.upload(features, 32, 20), w = b.zeros(20, 64), z = b.zeros(32, 64);
 * b.matmul(x, false, w, false, z);       // z = x . w
 * b.activate(Activation.RELU, z, z);     // in place
 * }</pre>
 *
 * <p>Aliasing: {@code activate} may write over its input; no other operation may be given the same
 * tensor twice unless its documentation says so.
 */
public interface Backend {

    /** A short name for messages and checkpoints ({@code cpu}, {@code cuda:0}). */
    String name();

    /** The floating-point type of every tensor this backend makes. */
    Precision precision();

    /** A new {@code rows x cols} tensor of zeros. */
    Tensor zeros(int rows, int cols);

    /** A new tensor holding {@code values} (row-major, {@code rows * cols} of them). */
    default Tensor upload(double[] values, int rows, int cols) {
        Tensor t = zeros(rows, cols);
        upload(values, t);
        return t;
    }

    /** Overwrites {@code dst} with {@code values} (row-major, {@code dst.size()} of them). */
    void upload(double[] values, Tensor dst);

    /** Copies {@code src} to the host, row-major, into the first {@code src.size()} slots of {@code dst}. */
    void download(Tensor src, double[] dst);

    /**
     * Whether {@link #get} costs nanoseconds (the tensors live in host memory), so that the trainer
     * can check each step's loss as it happens; a GPU's losses are read once per epoch instead.
     */
    default boolean readsCheaply() {
        return false;
    }

    /** Element {@code i} of {@code src}, row-major (downloads the whole tensor unless {@link #readsCheaply}). */
    default double get(Tensor src, int i) {
        double[] all = new double[src.size()];
        download(src, all);
        return all[i];
    }

    /**
     * Says that the calls up to {@link #endStep()} are training step {@code step} of a run (0 for its
     * first): the batch's gathers, forward, loss, backward and update, the same calls on the same
     * tensors every step but for the batch's rows and the optimizer's hyperparameters. A backend may
     * name the step in an error, or queue the step's work at {@link #endStep()} as one unit (the CUDA
     * backend replays it as a CUDA graph). The default does nothing.
     */
    default void beginStep(long step) {
    }

    /** Ends the step {@link #beginStep} began: a backend that held the step's work back queues it now. */
    default void endStep() {
    }

    /** Row {@code i} of {@code dst} becomes row {@code rows[offset + i]} of {@code src}, for every row of {@code dst}. */
    void gatherRows(Tensor src, int[] rows, int offset, Tensor dst);

    /** {@code c = op(a) . op(b)}, where {@code op} transposes when asked. */
    void matmul(Tensor a, boolean transposeA, Tensor b, boolean transposeB, Tensor c);

    /** Adds the {@code 1 x n} {@code row} to every row of {@code m}, in place. */
    void addRowVector(Tensor m, Tensor row);

    /** {@code out} ({@code 1 x n}) becomes the sums of the columns of {@code m}. */
    void columnSums(Tensor m, Tensor out);

    /** {@code out = f(z)}; {@code out} may be {@code z}. */
    void activate(Activation f, Tensor z, Tensor out);

    /**
     * Multiplies {@code grad} in place by {@code f'(z)}, given the pre-activation {@code z} and the
     * activation {@code out = f(z)} (each backend uses whichever is cheaper).
     */
    void activateBackward(Activation f, Tensor z, Tensor out, Tensor grad);

    /**
     * Softmax cross-entropy of {@code logits} ({@code n x classes}) against {@code labels}
     * ({@code n x 1}, class indices stored as numbers). Writes the mean loss to {@code stats[slot, 0]}
     * and the number of rows whose largest logit is the label to {@code stats[slot, 1]}; when
     * {@code grad} is not null, the gradient of the mean loss with respect to the logits.
     */
    void softmaxCrossEntropy(Tensor logits, Tensor labels, Tensor grad, Tensor stats, int slot);

    /**
     * Mean squared error of {@code output} against {@code target} (same shape), the mean taken over
     * every element. Writes the loss to {@code stats[slot, 0]} and 0 to {@code stats[slot, 1]}; when
     * {@code grad} is not null, the gradient of the loss with respect to {@code output}.
     */
    void meanSquaredError(Tensor output, Tensor target, Tensor grad, Tensor stats, int slot);

    /**
     * One step of PyTorch's SGD on {@code param} in place: {@code g = grad + weightDecay * param};
     * with momentum, {@code buf = g} on the {@code first} step and
     * {@code buf = momentum * buf + (1 - dampening) * g} after, then {@code g = g + momentum * buf}
     * (Nesterov) or {@code g = buf}; finally {@code param -= lr * g}. {@code buf} is ignored when
     * {@code momentum} is 0.
     */
    void sgd(Tensor param, Tensor grad, Tensor buf, double lr, double momentum, double dampening,
             double weightDecay, boolean nesterov, boolean first);

    /**
     * One step of PyTorch's Adam ({@code decoupled = false}: weight decay added to the gradient) or
     * AdamW ({@code decoupled = true}: {@code param *= 1 - lr * weightDecay} first) on {@code param}
     * in place, with moment estimates {@code m} and {@code v} and bias corrections for step
     * {@code step} (1 on the first update).
     */
    void adam(Tensor param, Tensor grad, Tensor m, Tensor v, double lr, double beta1, double beta2, double eps,
              double weightDecay, boolean decoupled, long step);
}
