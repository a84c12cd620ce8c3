package dev.anneal.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.anneal.runtime.backend.Backend;
import dev.anneal.runtime.backend.Precision;
import dev.anneal.runtime.backend.Tensor;
import dev.anneal.runtime.nd4j.CpuBackend;
import org.junit.jupiter.api.Test;

/** The update kernels against PyTorch's formulas worked by hand on one parameter (p = 1, grad = 0.5). */
class OptimizerFormulaTest {
    private static final Backend B = CpuBackend.create(Precision.FLOAT64);

    private static double value(Tensor t) {
        double[] v = new double[1];
        B.download(t, v);
        return v[0];
    }

    @Test
    void sgdWithMomentumDampeningAndWeightDecay() {
        Tensor p = B.upload(new double[] {1.0}, 1, 1);
        Tensor g = B.upload(new double[] {0.5}, 1, 1);
        Tensor buf = B.zeros(1, 1);
        B.sgd(p, g, buf, 0.1, 0.9, 0.1, 0.01, false, true);
        assertEquals(1 - 0.1 * 0.51, value(p), 1e-15);   // first step: buf = g, no dampening
        B.sgd(p, g, buf, 0.1, 0.9, 0.1, 0.01, false, false);
        double g2 = 0.5 + 0.01 * 0.949;
        assertEquals(0.949 - 0.1 * (0.9 * 0.51 + 0.9 * g2), value(p), 1e-15);
    }

    @Test
    void sgdNesterovLooksAhead() {
        Tensor p = B.upload(new double[] {1.0}, 1, 1);
        Tensor g = B.upload(new double[] {0.5}, 1, 1);
        Tensor buf = B.zeros(1, 1);
        B.sgd(p, g, buf, 0.1, 0.9, 0.0, 0.0, true, true);
        assertEquals(1 - 0.1 * (0.5 + 0.9 * 0.5), value(p), 1e-15);
        B.sgd(p, g, buf, 0.1, 0.9, 0.0, 0.0, true, false);
        double b2 = 0.9 * 0.5 + 0.5;
        assertEquals(1 - 0.1 * 0.95 - 0.1 * (0.5 + 0.9 * b2), value(p), 1e-15);
    }

    @Test
    void adamsFirstStepMovesByLrTimesTheGradientsSign() {
        Tensor p = B.upload(new double[] {1.0}, 1, 1);
        Tensor g = B.upload(new double[] {0.5}, 1, 1);
        Tensor m = B.zeros(1, 1);
        Tensor v = B.zeros(1, 1);
        B.adam(p, g, m, v, 0.01, 0.9, 0.999, 1e-8, 0.0, false, 1);
        assertEquals(1 - 0.01 * 0.5 / (0.5 + 1e-8), value(p), 1e-15);
        assertEquals(0.1 * 0.5, value(m), 1e-15);
        assertEquals(0.001 * 0.25, value(v), 1e-15);
    }

    @Test
    void adamAddsWeightDecayToTheGradientAdamWShrinksTheParameter() {
        Tensor p = B.upload(new double[] {1.0}, 1, 1);
        Tensor g = B.upload(new double[] {0.5}, 1, 1);
        B.adam(p, g, B.zeros(1, 1), B.zeros(1, 1), 0.01, 0.9, 0.999, 1e-8, 0.1, false, 1);
        assertEquals(1 - 0.01 * 0.6 / (0.6 + 1e-8), value(p), 1e-15);
        Tensor q = B.upload(new double[] {1.0}, 1, 1);
        B.adam(q, g, B.zeros(1, 1), B.zeros(1, 1), 0.01, 0.9, 0.999, 1e-8, 0.1, true, 1);
        assertEquals(1 * (1 - 0.01 * 0.1) - 0.01 * 0.5 / (0.5 + 1e-8), value(q), 1e-15);
    }

    @Test
    void adamsBiasCorrectionAtStepTwo() {
        Tensor p = B.upload(new double[] {1.0}, 1, 1);
        Tensor m = B.upload(new double[] {0.05}, 1, 1);
        Tensor v = B.upload(new double[] {0.00025}, 1, 1);
        B.adam(p, B.upload(new double[] {-0.5}, 1, 1), m, v, 0.01, 0.9, 0.999, 1e-8, 0.0, false, 2);
        double m2 = 0.9 * 0.05 - 0.1 * 0.5;
        double v2 = 0.999 * 0.00025 + 0.001 * 0.25;
        double expected = 1 - (0.01 / (1 - 0.81)) * m2 / (Math.sqrt(v2) / Math.sqrt(1 - 0.999 * 0.999) + 1e-8);
        assertEquals(expected, value(p), 1e-15);
    }

    @Test
    void nesterovWithoutMomentumIsRefusedAsPyTorchDoes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Optimizer.sgd(0.1).nesterov(true));
        assertTrue(e.getMessage().contains("Nesterov momentum requires momentum > 0"), e.getMessage());
    }
}
