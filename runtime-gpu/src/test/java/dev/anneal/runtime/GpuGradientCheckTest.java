package dev.anneal.runtime;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.anneal.gpu.CudaBackend;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Gradient check on the GPU: every layer, activation and loss in float64 on a {@link CudaBackend},
 * analytic gradients against central finite differences (h = 1e-6) of the GPU's own loss. The
 * largest error, {@code |analytic - numeric| / max(|analytic| + |numeric|, 1e-3)}, must stay below
 * 1e-6. (In this package to reach the network's forward and backward passes.)
 */
@Tag("gpu")
class GpuGradientCheckTest {
    private static final double H = 1e-6;
    private static final double TOLERANCE = 1e-6;
    private static Backend f64;

    @BeforeAll
    static void openGpu() {
        f64 = CudaBackend.create(0, Precision.FLOAT64);
    }

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
    void threeLayersDeepWithManyRowsAndColumns() {
        check(Mlp.input(40).dense(70, Activation.GELU).dense(33, Activation.SIGMOID).dense(12, Activation.RELU).dense(5), 300);
    }

    private static void check(Mlp mlp, int rows) {
        Network net = mlp.build(f64, 11);
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
        f64.upload(x, ws.x);
        f64.upload(y, ws.y);
        Tensor stats = f64.zeros(1, 2);
        loss(net, ws, stats, true);
        net.backward(ws);
        double worst = 0;
        for (Parameter p : net.parameters()) {
            double[] analytic = p.gradient();
            double[] values = p.values();
            int stride = Math.max(1, values.length / 40);
            for (int i = 0; i < values.length; i += stride) {
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
                worst = Math.max(worst, Math.abs(analytic[i] - numeric) / Math.max(1e-3, Math.abs(analytic[i]) + Math.abs(numeric)));
            }
        }
        System.out.printf("GPU gradient check %s: max relative error %.2e%n", mlp, worst);
        assertTrue(worst < TOLERANCE, mlp + ": max relative error " + worst);
    }

    private static double loss(Network net, Workspace ws, Tensor stats, boolean gradient) {
        net.forward(ws);
        net.loss(ws, stats, 0, gradient);
        double[] s = new double[2];
        f64.download(stats, s);
        return s[0];
    }
}
