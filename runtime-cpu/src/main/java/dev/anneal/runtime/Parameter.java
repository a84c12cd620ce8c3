package dev.anneal.runtime;

import dev.anneal.runtime.backend.Backend;
import dev.anneal.runtime.backend.Tensor;

/**
 * One trainable tensor of a {@link Network} and its gradient: {@code layers.0.weight} ({@code in x out})
 * or {@code layers.0.bias} ({@code 1 x out}). Param groups select parameters by these facts.
 *
 * <pre>{@code
 * ParamGroup noDecay = ParamGroup.of("biases", Parameter::isBias).weightDecay(0.0);
 * double[] w = network.parameters().get(0).values();
 * }</pre>
 */
public final class Parameter {
    private final String name;
    private final int layer;
    private final boolean bias;
    private final Backend backend;
    final Tensor value;
    final Tensor grad;

    Parameter(Backend backend, int layer, boolean bias, int rows, int cols) {
        this.name = "layers." + layer + (bias ? ".bias" : ".weight");
        this.layer = layer;
        this.bias = bias;
        this.backend = backend;
        this.value = backend.zeros(rows, cols);
        this.grad = backend.zeros(rows, cols);
    }

    /** {@code layers.<i>.weight} or {@code layers.<i>.bias}. */
    public String name() {
        return name;
    }

    /** The index of the layer it belongs to, from 0. */
    public int layer() {
        return layer;
    }

    /** Whether it is a bias (else a weight matrix). */
    public boolean isBias() {
        return bias;
    }

    /** Rows of the tensor. */
    public int rows() {
        return value.rows();
    }

    /** Columns of the tensor. */
    public int cols() {
        return value.cols();
    }

    /** The values on the backend (not a copy). Internal: for the optimizer's updates; no compatibility promise. */
    public Tensor valueTensor() {
        return value;
    }

    /** The gradient on the backend (not a copy). Internal: for the optimizer's updates; no compatibility promise. */
    public Tensor gradientTensor() {
        return grad;
    }

    /** A copy of the values, row-major. */
    public double[] values() {
        double[] out = new double[value.size()];
        backend.download(value, out);
        return out;
    }

    /** A copy of the gradient of the last backward pass, row-major. */
    public double[] gradient() {
        double[] out = new double[grad.size()];
        backend.download(grad, out);
        return out;
    }

    /** Overwrites the values (row-major, {@code rows() * cols()} of them). */
    public void set(double[] values) {
        if (values.length != value.size()) {
            throw new IllegalArgumentException(name + ": expected " + value.size() + " values, got " + values.length);
        }
        backend.upload(values, value);
    }

    @Override
    public String toString() {
        return name + " [" + rows() + " x " + cols() + "]";
    }
}
