package dev.anneal.runtime;

import java.util.Objects;

/**
 * One dense layer of an {@link Mlp}: {@code out = f(in . W + b)}.
 *
 * <pre>{@code
 * Layer hidden = new Layer(64, Activation.RELU, Init.HE);
 * }</pre>
 *
 * @param units      outputs of the layer, {@code >= 1}
 * @param activation the element-wise function after it
 * @param init       how its weights are drawn
 */
public record Layer(int units, Activation activation, Init init) implements java.io.Serializable {
    private static final long serialVersionUID = 1L;

    /** Checks the parameters. */
    public Layer {
        Objects.requireNonNull(activation, "activation");
        Objects.requireNonNull(init, "init");
        if (units < 1) {
            throw new IllegalArgumentException("dense(" + units + "): units must be >= 1, got " + units);
        }
    }

    @Override
    public String toString() {
        return "dense(" + units + ", " + activation.text()
                + (init == Init.XAVIER ? "" : ", init=" + init.name().toLowerCase(java.util.Locale.ROOT))
                + ")";
    }
}
