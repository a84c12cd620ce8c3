package dev.anneal.runtime;

/**
 * How a dense layer's weights are drawn (biases start at 0). By default ReLU and GELU layers use
 * {@link #HE}, the others {@link #XAVIER}.
 *
 * <pre>{@code
 * Mlp net = Mlp.input(20).dense(64, Activation.TANH, Init.HE).dense(2);
 * }</pre>
 */
public enum Init {
    /** Normal with standard deviation {@code sqrt(2 / fanIn)} (Kaiming He). */
    HE,
    /** Uniform in {@code +-sqrt(6 / (fanIn + fanOut))} (Xavier Glorot). */
    XAVIER;

    /** The default for a layer with activation {@code f}. */
    public static Init defaultFor(Activation f) {
        return f == Activation.RELU || f == Activation.GELU ? HE : XAVIER;
    }
}
