package dev.anneal.runtime;

/**
 * The element-wise function after a dense layer.
 *
 * <pre>{@code
 * Mlp net = Mlp.input(20).dense(64, Activation.RELU).dense(2);
 * }</pre>
 */
public enum Activation {
    /** {@code max(0, x)}. */
    RELU,
    /** {@code tanh(x)}. */
    TANH,
    /** {@code 1 / (1 + exp(-x))}. */
    SIGMOID,
    /** {@code x * Phi(x)} with the exact normal CDF (PyTorch's default GELU). */
    GELU,
    /** {@code x}: the layer stays linear (the usual choice for the output layer). */
    IDENTITY;

    /** The lower camel case name used in text and checkpoints ({@code relu}, {@code gelu}). */
    public String text() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
