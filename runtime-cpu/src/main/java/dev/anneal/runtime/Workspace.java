package dev.anneal.runtime;

/** The preallocated tensors of a forward and backward pass over batches of one size. */
final class Workspace {
    final int rows;
    final Tensor x;
    final Tensor y;
    final Tensor[] z;
    final Tensor[] a;
    final Tensor[] g;

    Workspace(Backend backend, Mlp spec, int rows) {
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

    Tensor output() {
        return a[a.length - 1];
    }
}
