package dev.anneal.runtime;

import dev.anneal.runtime.backend.Backend;
import dev.anneal.runtime.backend.Tensor;
import dev.anneal.runtime.backend.Workspace;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * An {@link Mlp} made on a {@link Backend}: its parameters, and forward and backward passes into
 * preallocated workspaces (one per batch size), so that training allocates nothing per step.
 *
 * <pre>{@code
 * Network net = Mlp.input(20).dense(64, Activation.RELU).dense(2).build(CpuBackend.create(), 42);
 * double[][] p = net.predict(new double[][] {row});      // class probabilities
 * }</pre>
 */
public final class Network {
    private final Mlp spec;
    private final Backend backend;
    private final List<Parameter> parameters;
    private final Parameter[] weights;
    private final Parameter[] biases;
    private final List<Workspace> workspaces = new ArrayList<>();
    private Standardizer standardizer;

    Network(Mlp spec, Backend backend, long seed) {
        this.spec = spec;
        this.backend = backend;
        int n = spec.layers().size();
        weights = new Parameter[n];
        biases = new Parameter[n];
        List<Parameter> all = new ArrayList<>();
        SplittableRandom rng = new SplittableRandom(seed);
        int in = spec.inputs();
        for (int l = 0; l < n; l++) {
            Layer layer = spec.layers().get(l);
            weights[l] = new Parameter(backend, l, false, in, layer.units());
            biases[l] = new Parameter(backend, l, true, 1, layer.units());
            weights[l].set(draw(layer.init(), in, layer.units(), rng));
            all.add(weights[l]);
            all.add(biases[l]);
            in = layer.units();
        }
        parameters = List.copyOf(all);
    }

    private static double[] draw(Init init, int fanIn, int fanOut, SplittableRandom rng) {
        double[] w = new double[fanIn * fanOut];
        if (init == Init.HE) {
            double std = Math.sqrt(2.0 / fanIn);
            for (int i = 0; i < w.length; i++) {
                w[i] = std * rng.nextGaussian();
            }
        } else {
            double limit = Math.sqrt(6.0 / (fanIn + fanOut));
            for (int i = 0; i < w.length; i++) {
                w[i] = rng.nextDouble(-limit, limit);
            }
        }
        return w;
    }

    /** The shape this network was made from. */
    public Mlp spec() {
        return spec;
    }

    /** The backend holding its tensors. */
    public Backend backend() {
        return backend;
    }

    /** Weights and biases, layer by layer: {@code layers.0.weight, layers.0.bias, layers.1.weight, ...}. */
    public List<Parameter> parameters() {
        return parameters;
    }

    /** The standardisation applied to raw features before the first layer, or null for none. */
    public Standardizer standardizer() {
        return standardizer;
    }

    /** Sets the standardisation (null: none). Internal: for the runtime's own packages; no compatibility promise. */
    public void standardizer(Standardizer standardizer) {
        if (standardizer != null && standardizer.features() != spec.inputs()) {
            throw new IllegalArgumentException("standardizer has " + standardizer.features()
                    + " features, the network " + spec.inputs() + " inputs");
        }
        this.standardizer = standardizer;
    }

    /** The workspace for batches of {@code rows} rows, made on first use. Internal: for the runtime's own packages; no compatibility promise. */
    public Workspace workspace(int rows) {
        for (int i = 0; i < workspaces.size(); i++) {
            if (workspaces.get(i).rows == rows) {
                return workspaces.get(i);
            }
        }
        Workspace ws = new Workspace(backend, spec, rows);
        workspaces.add(ws);
        return ws;
    }

    /** Forward pass of {@code ws.x} into {@code ws.z} and {@code ws.a}. Internal: for the runtime's own packages; no compatibility promise. */
    public void forward(Workspace ws) {
        Tensor in = ws.x;
        for (int l = 0; l < weights.length; l++) {
            backend.matmul(in, false, weights[l].value, false, ws.z[l]);
            backend.addRowVector(ws.z[l], biases[l].value);
            Activation f = spec.layers().get(l).activation();
            if (f != Activation.IDENTITY) {
                backend.activate(f, ws.z[l], ws.a[l]);
            }
            in = ws.a[l];
        }
    }

    /**
     * The loss of the last forward pass against {@code ws.y} into {@code stats[slot]}; with
     * {@code gradient}, also the loss's gradient with respect to the last layer's pre-activation.
     * Internal: for the runtime's own packages; no compatibility promise.
     */
    public void loss(Workspace ws, Tensor stats, int slot, boolean gradient) {
        int last = weights.length - 1;
        Tensor grad = gradient ? ws.g[last] : null;
        if (spec.loss() == Loss.SOFTMAX_CROSS_ENTROPY) {
            backend.softmaxCrossEntropy(ws.output(), ws.y, grad, stats, slot);
        } else {
            backend.meanSquaredError(ws.output(), ws.y, grad, stats, slot);
        }
        Activation f = spec.layers().get(last).activation();
        if (gradient && f != Activation.IDENTITY) {
            backend.activateBackward(f, ws.z[last], ws.a[last], grad);
        }
    }

    /** Backward pass from the gradient {@link #loss} left in the last layer: fills every parameter's gradient. Internal: for the runtime's own packages; no compatibility promise. */
    public void backward(Workspace ws) {
        for (int l = weights.length - 1; l >= 0; l--) {
            Tensor in = l == 0 ? ws.x : ws.a[l - 1];
            backend.matmul(in, true, ws.g[l], false, weights[l].grad);
            backend.columnSums(ws.g[l], biases[l].grad);
            if (l > 0) {
                backend.matmul(ws.g[l], false, weights[l].value, true, ws.g[l - 1]);
                Activation f = spec.layers().get(l - 1).activation();
                if (f != Activation.IDENTITY) {
                    backend.activateBackward(f, ws.z[l - 1], ws.a[l - 1], ws.g[l - 1]);
                }
            }
        }
    }

    /**
     * The network's outputs for raw feature rows (standardised first when the network has a
     * standardizer): class probabilities (softmax) for cross-entropy, the outputs for MSE.
     */
    public double[][] predict(double[][] rows) {
        int n = rows.length;
        double[] flat = new double[n * spec.inputs()];
        for (int r = 0; r < n; r++) {
            if (rows[r].length != spec.inputs()) {
                throw new IllegalArgumentException("predict: row " + r + " has " + rows[r].length
                        + " features, the network takes " + spec.inputs());
            }
            double[] row = standardizer == null ? rows[r] : standardizer.apply(rows[r]);
            System.arraycopy(row, 0, flat, r * spec.inputs(), spec.inputs());
        }
        Workspace ws = new Workspace(backend, spec, n);
        backend.upload(flat, ws.x);
        forward(ws);
        int k = spec.outputs();
        double[] out = new double[n * k];
        backend.download(ws.output(), out);
        double[][] result = new double[n][];
        for (int r = 0; r < n; r++) {
            result[r] = java.util.Arrays.copyOfRange(out, r * k, (r + 1) * k);
            if (spec.loss() == Loss.SOFTMAX_CROSS_ENTROPY) {
                softmaxInPlace(result[r]);
            }
        }
        return result;
    }

    private static void softmaxInPlace(double[] v) {
        double max = Double.NEGATIVE_INFINITY;
        for (double x : v) {
            max = Math.max(max, x);
        }
        double sum = 0;
        for (int i = 0; i < v.length; i++) {
            v[i] = Math.exp(v[i] - max);
            sum += v[i];
        }
        for (int i = 0; i < v.length; i++) {
            v[i] /= sum;
        }
    }

    @Override
    public String toString() {
        return "Network[" + spec + " on " + backend.name() + "]";
    }
}
