package dev.anneal.runtime.backend;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.anneal.gpu.CudaEmulator;
import dev.anneal.runtime.Activation;
import dev.anneal.runtime.Loss;
import dev.anneal.runtime.Mlp;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Gradient check on the GPU: every layer, activation and loss in float64 on a {@link dev.anneal.gpu.CudaBackend},
 * through {@link GradientCheck} (analytic gradients against central finite differences of the GPU's
 * own loss); the largest error must stay below 1e-6.
 */
@Tag("gpu")
class GpuGradientCheckTest {
    private static final double TOLERANCE = 1e-6;
    private static Backend f64;

    @BeforeAll
    static void openGpu() {
        f64 = CudaEmulator.backend(Precision.FLOAT64);
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
        double worst = GradientCheck.maxError(mlp, f64, rows, 40);
        System.out.printf("GPU gradient check %s: max relative error %.2e%n", mlp, worst);
        assertTrue(worst < TOLERANCE, mlp + ": max relative error " + worst);
    }
}
