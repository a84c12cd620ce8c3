package dev.anneal.runtime;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.anneal.runtime.nd4j.CpuBackend;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;

/**
 * Every layer, activation and loss against central finite differences in float64 (h = 1e-6): the
 * largest error over all parameters, {@code |analytic - numeric| / max(|analytic| + |numeric|, 1e-3)}
 * (relative, and absolute below 1e-3 where finite differences lose their digits), must stay below 1e-6.
 */
class GradientCheckTest {
    private static final double H = 1e-6;
    private static final double TOLERANCE = 1e-6;
    private static final Backend F64 = CpuBackend.create(Precision.FLOAT64);

    @ParameterizedTest
    @EnumSource(Activation.class)
    void hiddenActivationWithSoftmaxCrossEntropy(Activation f) {
        check(Mlp.input(4).dense(6, f).dense(3), 7);
    }

    @ParameterizedTest
    @EnumSource(Activation.class)
    void hiddenActivationWithMeanSquaredError(Activation f) {
        check(Mlp.input(4).dense(6, f).dense(2).loss(Loss.MSE), 5);
    }

    @ParameterizedTest
    @EnumSource(Activation.class)
    void activationOnTheOutputLayer(Activation f) {
        check(Mlp.input(3).dense(5, Activation.TANH).dense(2, f).loss(Loss.MSE), 6);
    }

    @Test
    void threeLayersDeep() {
        check(Mlp.input(5).dense(7, Activation.GELU).dense(6, Activation.SIGMOID).dense(4, Activation.RELU).dense(3), 9);
    }

    /** Returns the largest relative error; fails when it is above the tolerance. */
    static double check(Mlp mlp, int rows) {
        Network net = mlp.build(F64, 11);
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
        F64.upload(x, ws.x);
        F64.upload(y, ws.y);
        Tensor stats = F64.zeros(1, 2);
        loss(net, ws, stats, true);
        net.backward(ws);
        double worst = 0;
        for (Parameter p : net.parameters()) {
            double[] analytic = p.gradient();
            double[] values = p.values();
            for (int i = 0; i < values.length; i++) {
                double keep = values[i];
                values[i] = keep + H;
                p.set(values);
                double up = loss(net, ws, stats, false);
                values[i] = keep - H;
                p.set(values);
                double down = loss(net, ws, stats, false);
                values[i] = keep;
                p.set(values);
                double numeric = (up - down) / (2 * H);
                double err = Math.abs(analytic[i] - numeric) / Math.max(1e-3, Math.abs(analytic[i]) + Math.abs(numeric));
                worst = Math.max(worst, err);
            }
        }
        System.out.printf("gradient check %s: max relative error %.2e%n", mlp, worst);
        assertTrue(worst < TOLERANCE, mlp + ": max relative error " + worst);
        return worst;
    }

    private static double loss(Network net, Workspace ws, Tensor stats, boolean gradient) {
        net.forward(ws);
        net.loss(ws, stats, 0, gradient);
        double[] s = new double[2];
        F64.download(stats, s);
        return s[0];
    }
}
