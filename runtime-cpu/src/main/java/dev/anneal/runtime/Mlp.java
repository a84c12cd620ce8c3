package dev.anneal.runtime;

import dev.anneal.runtime.backend.Backend;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The shape of a multi-layer perceptron: inputs, dense layers and the loss. Immutable: each call
 * returns a new value; {@link #build(Backend, long)} makes a {@link Network} with its parameters.
 *
 * <pre>{@code
 * Mlp shape = Mlp.input(20).dense(64, Activation.RELU).dense(2);     // softmax cross-entropy
 * Mlp regression = Mlp.input(8).dense(32, Activation.TANH).dense(1).loss(Loss.MSE);
 * }</pre>
 *
 * @param inputs features per row, {@code >= 1}
 * @param layers the dense layers, first to last
 * @param loss   what the last layer's output is trained against
 */
public record Mlp(int inputs, List<Layer> layers, Loss loss) implements java.io.Serializable {
    private static final long serialVersionUID = 1L;

    /** Checks the parameters and copies the layer list. */
    public Mlp {
        Objects.requireNonNull(loss, "loss");
        layers = List.copyOf(layers);
        if (inputs < 1) {
            throw new IllegalArgumentException("mlp: inputs must be >= 1, got " + inputs);
        }
    }

    /** A network taking {@code features} inputs, with no layer yet and softmax cross-entropy loss. */
    public static Mlp input(int features) {
        return new Mlp(features, List.of(), Loss.SOFTMAX_CROSS_ENTROPY);
    }

    /** This network with a linear layer of {@code units} added (activation identity). */
    public Mlp dense(int units) {
        return dense(units, Activation.IDENTITY);
    }

    /** This network with a dense layer added, its weights drawn with {@link Init#XAVIER}. */
    public Mlp dense(int units, Activation activation) {
        return dense(units, activation, Init.XAVIER);
    }

    /** This network with a dense layer added. */
    public Mlp dense(int units, Activation activation, Init init) {
        List<Layer> more = new ArrayList<>(layers);
        more.add(new Layer(units, activation, init));
        return new Mlp(inputs, more, loss);
    }

    /** This network with another loss. */
    public Mlp loss(Loss loss) {
        return new Mlp(inputs, layers, loss);
    }

    /** Outputs of the last layer. */
    public int outputs() {
        return layers.isEmpty() ? inputs : layers.get(layers.size() - 1).units();
    }

    /** Checks that the network can be trained: at least one layer; at least two outputs for classes. */
    public void validate() {
        if (layers.isEmpty()) {
            throw new IllegalArgumentException(this + ": add at least one layer with dense(units)");
        }
        if (loss == Loss.SOFTMAX_CROSS_ENTROPY && outputs() < 2) {
            throw new IllegalArgumentException(this + ": softmax cross-entropy needs >= 2 outputs (one per class), got "
                    + outputs());
        }
    }

    /** Makes the network on {@code backend} with parameters drawn from {@code seed}. */
    public Network build(Backend backend, long seed) {
        validate();
        return new Network(this, backend, seed);
    }

    @Override
    public String toString() {
        StringBuilder s = new StringBuilder("mlp(inputs=" + inputs + ")");
        for (Layer l : layers) {
            s.append(' ').append(l);
        }
        return s.append(" loss=").append(loss.name().toLowerCase(java.util.Locale.ROOT)).toString();
    }
}
