package dev.anneal.runtime;

/**
 * What the network's output is trained against, averaged over the batch as PyTorch's
 * {@code reduction='mean'} does.
 *
 * <pre>{@code
 * Mlp regression = Mlp.input(8).dense(32, Activation.TANH).dense(1).loss(Loss.MSE);
 * }</pre>
 */
public enum Loss {
    /** Softmax over the outputs, then cross-entropy with integer class labels (PyTorch's CrossEntropyLoss). */
    SOFTMAX_CROSS_ENTROPY,
    /** Mean squared error over every output of every row (PyTorch's MSELoss). */
    MSE
}
