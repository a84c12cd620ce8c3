package dev.anneal.runtime.backend;

import dev.anneal.runtime.Loss;
import dev.anneal.runtime.Mlp;
import dev.anneal.runtime.Network;
import dev.anneal.runtime.Parameter;
import java.util.SplittableRandom;

/**
 * Checks a {@link Backend}'s gradients: builds a float64 network of the given shape on it, computes
 * the analytic gradient of the loss on random data, and compares it with central finite differences
 * (h = 1e-6). The error of one parameter is {@code |analytic - numeric| / max(|analytic| + |numeric|, 1e-3)}
 * (relative, and absolute below 1e-3, where finite differences lose their digits); the result is the
 * largest. Use it to verify a backend of your own; a correct one stays well below 1e-6.
 * <pre>{@code
 * double err = GradientCheck.maxError(Mlp.input(4).dense(6, Activation.GELU).dense(3), backend, 7, Integer.MAX_VALUE);
 * }</pre>
 */
public final class GradientCheck {
    private static final double H = 1e-6;

    private GradientCheck() {
    }

    /**
     * The largest error over the network's parameters.
     *
     * @param mlp     the network's shape and loss
     * @param backend a float64 backend to check
     * @param rows    rows of random data
     * @param samples about how many values of each parameter to check, evenly spaced
     *                ({@code Integer.MAX_VALUE}: all of them)
     */
    public static double maxError(Mlp mlp, Backend backend, int rows, int samples) {
        if (backend.precision() != Precision.FLOAT64) {
            throw new IllegalArgumentException("gradient check needs a FLOAT64 backend, got " + backend);
        }
        Network net = mlp.build(backend, 11);
        SplittableRandom rng = new SplittableRandom(3);
        Workspace ws = net.workspace(rows);
        double[] x = new double[rows * mlp.inputs()];
        for (int i = 0; i < x.length; i++) {
            x[i] = rng.nextGaussian();
        }
        double[] y = new double[ws.y.size()];
        for (int i = 0; i < y.length; i++) {
            y[i] = mlp.loss() == Loss.MSE ? rng.nextGaussian() : rng.nextInt(mlp.outputs());
        }
        for (Parameter p : net.parameters()) {
            if (p.isBias()) {
                double[] b = new double[p.cols()];
                for (int i = 0; i < b.length; i++) {
                    b[i] = 0.1 * rng.nextGaussian();
                }
                p.set(b);
            }
        }
        backend.upload(x, ws.x);
        backend.upload(y, ws.y);
        Tensor stats = backend.zeros(1, 2);
        loss(backend, net, ws, stats, true);
        net.backward(ws);
        double worst = 0;
        for (Parameter p : net.parameters()) {
            double[] analytic = p.gradient();
            double[] values = p.values();
            int stride = Math.max(1, values.length / samples);
            for (int i = 0; i < values.length; i += stride) {
                double keep = values[i];
                values[i] = keep + H;
                p.set(values);
                double up = loss(backend, net, ws, stats, false);
                values[i] = keep - H;
                p.set(values);
                double down = loss(backend, net, ws, stats, false);
                values[i] = keep;
                p.set(values);
                double numeric = (up - down) / (2 * H);
                worst = Math.max(worst, Math.abs(analytic[i] - numeric) / Math.max(1e-3, Math.abs(analytic[i]) + Math.abs(numeric)));
            }
        }
        return worst;
    }

    private static double loss(Backend backend, Network net, Workspace ws, Tensor stats, boolean gradient) {
        net.forward(ws);
        net.loss(ws, stats, 0, gradient);
        double[] s = new double[2];
        backend.download(stats, s);
        return s[0];
    }
}
