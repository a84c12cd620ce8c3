package dev.anneal.runtime.backend;

import dev.anneal.runtime.Activation;
import dev.anneal.runtime.Layer;
import dev.anneal.runtime.Loss;
import dev.anneal.runtime.Mlp;

/** The preallocated tensors of a forward and backward pass over batches of one size. */
public final class Workspace {
    public final int rows;
    public final Tensor x;
    public final Tensor y;
    public final Tensor[] z;
    public final Tensor[] a;
    public final Tensor[] g;

    public Workspace(Backend backend, Mlp spec, int rows) {
        this.rows = rows;
        int n = spec.layers().size();
        x = backend.zeros(rows, spec.inputs());
        y = backend.zeros(rows, spec.loss() == Loss.MSE ? spec.outputs() : 1);
        z = new Tensor[n];
        a = new Tensor[n];
        g = new Tensor[n];
        for (int l = 0; l < n; l++) {
            Layer layer = spec.layers().get(l);
            z[l] = backend.zeros(rows, layer.units());
            a[l] = layer.activation() == Activation.IDENTITY ? z[l] : backend.zeros(rows, layer.units());
            g[l] = backend.zeros(rows, layer.units());
        }
    }

    public Tensor output() {
        return a[a.length - 1];
    }
}
