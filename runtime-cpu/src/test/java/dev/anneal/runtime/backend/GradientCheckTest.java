package dev.anneal.runtime.backend;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.anneal.runtime.Activation;
import dev.anneal.runtime.Loss;
import dev.anneal.runtime.Mlp;
import dev.anneal.runtime.nd4j.CpuBackend;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Every layer, activation and loss against central finite differences in float64 (h = 1e-6): the
 * largest error over all parameters, {@code |analytic - numeric| / max(|analytic| + |numeric|, 1e-3)}
 * (relative, and absolute below 1e-3 where finite differences lose their digits), must stay below 1e-6.
 */
class GradientCheckTest {
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

    private static void check(Mlp mlp, int rows) {
        double worst = GradientCheck.maxError(mlp, F64, rows, Integer.MAX_VALUE);
        System.out.printf("gradient check %s: max relative error %.2e%n", mlp, worst);
        assertTrue(worst < TOLERANCE, mlp + ": max relative error " + worst);
    }
}
