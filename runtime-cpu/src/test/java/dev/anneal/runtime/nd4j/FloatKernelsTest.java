package dev.anneal.runtime.nd4j;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.anneal.runtime.Activation;
import dev.anneal.runtime.backend.Backend;
import dev.anneal.runtime.backend.Precision;
import dev.anneal.runtime.backend.Tensor;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.BiConsumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Both sets of float32 kernels (Java arrays a block at a time; the Vector API, which this module's
 * tests load) give the float64 kernels' results within float32 rounding, on shapes whose rows and
 * element counts end inside a block or a vector, span several blocks and fill exactly one.
 */
class FloatKernelsTest {
    private static final List<Backend> F32 = List.of(
            CpuBackend.create(Precision.FLOAT32, 1, FloatKernels.ARRAYS),
            CpuBackend.create(Precision.FLOAT32, 1, FloatOps.best()));
    private static final Backend F64 = CpuBackend.create(Precision.FLOAT64, 1);
    private static final double TOLERANCE = 2e-6;

    /** Runs {@code op} on both backends over the same random tensors and compares every tensor after. */
    private static void agree(int rows, int cols, int tensors, BiConsumer<Backend, Tensor[]> op) {
        agree(rows, cols, tensors, TOLERANCE, op);
    }

    private static void agree(int rows, int cols, int tensors, double tolerance, BiConsumer<Backend, Tensor[]> op) {
        for (Backend f32 : F32) {
            agree(f32, rows, cols, tensors, tolerance, op);
        }
    }

    private static void agree(Backend f32, int rows, int cols, int tensors, double tolerance,
                              BiConsumer<Backend, Tensor[]> op) {
        SplittableRandom rng = new SplittableRandom(rows * 31L + cols);
        double[][] values = new double[tensors][rows * cols];
        for (double[] v : values) {
            for (int i = 0; i < v.length; i++) {
                v[i] = (float) rng.nextDouble(-2, 2);
            }
        }
        Tensor[] f = new Tensor[tensors];
        Tensor[] d = new Tensor[tensors];
        for (int t = 0; t < tensors; t++) {
            f[t] = f32.upload(values[t], rows, cols);
            d[t] = F64.upload(values[t], rows, cols);
        }
        op.accept(f32, f);
        op.accept(F64, d);
        for (int t = 0; t < tensors; t++) {
            double[] got = new double[f[t].size()];
            double[] want = new double[d[t].size()];
            f32.download(f[t], got);
            F64.download(d[t], want);
            for (int i = 0; i < got.length; i++) {
                assertTrue(Math.abs(got[i] - want[i]) <= tolerance * Math.max(1, Math.abs(want[i])),
                        f32 + ": tensor " + t + " [" + i + "] " + got[i] + " vs " + want[i]);
            }
        }
    }

    @Test
    void theVectorApiKernelsAreChosenWhenTheJvmHasTheirModule() {
        assertTrue(ModuleLayer.boot().findModule(FloatOps.VECTOR_MODULE).isPresent(), "tests run with the module");
        assertEquals("VectorKernels", FloatOps.best().getClass().getSimpleName());
        assertTrue(F32.get(1).toString().contains("Vector API"), F32.get(1).toString());
    }

    @ParameterizedTest
    @CsvSource({"1, 1", "3, 1500", "32, 64", "7, 1024", "5, 333", "4, 17"})
    void elementWiseKernelsMatchFloat64(int rows, int cols) {
        agree(rows, cols, 2, (b, t) -> b.activate(Activation.RELU, t[0], t[1]));
        agree(rows, cols, 1, (b, t) -> b.activate(Activation.RELU, t[0], t[0]));
        agree(rows, cols, 2, (b, t) -> b.activate(Activation.IDENTITY, t[0], t[1]));
        agree(rows, cols, 2, (b, t) -> b.activate(Activation.TANH, t[0], t[1]));
        agree(rows, cols, 3, (b, t) -> {
            b.activate(Activation.RELU, t[0], t[1]);
            b.activateBackward(Activation.RELU, t[0], t[1], t[2]);
        });
        agree(rows, cols, 3, (b, t) -> {
            b.activate(Activation.SIGMOID, t[0], t[1]);
            b.activateBackward(Activation.SIGMOID, t[0], t[1], t[2]);
        });
    }

    @ParameterizedTest
    @CsvSource({"1, 1", "3, 1500", "32, 64", "7, 1024", "5, 333", "700, 2", "300, 10", "40, 100", "9, 16", "6, 19"})
    void rowAndColumnKernelsMatchFloat64(int rows, int cols) {
        agree(rows, cols, 1, (b, t) -> {
            Tensor bias = b.upload(ramp(cols), 1, cols);
            b.addRowVector(t[0], bias);
        });
        agree(rows, cols, 1, TOLERANCE * rows, (b, t) -> { // a float sum of n terms: n roundings
            Tensor sums = b.zeros(1, cols);
            b.columnSums(t[0], sums);
            b.gatherRows(sums, new int[rows], 0, t[0]);
        });
        agree(rows, cols, 2, (b, t) -> {
            int[] order = new int[rows];
            for (int r = 0; r < rows; r++) {
                order[r] = rows - 1 - r;
            }
            b.gatherRows(t[0], order, 0, t[1]);
        });
    }

    @ParameterizedTest
    @CsvSource({"0.0, 0.0, false", "0.9, 0.0, true", "0.9, 0.1, false", "0.5, 0.01, true"})
    void sgdMatchesFloat64OnTheFirstStepAndAfter(double momentum, double weightDecay, boolean nesterov) {
        agree(3, 1500, 3, (b, t) -> {
            b.sgd(t[0], t[1], t[2], 0.05, momentum, 0.0, weightDecay, nesterov, true);
            b.sgd(t[0], t[1], t[2], 0.05, momentum, 0.1, weightDecay, nesterov, false);
        });
    }

    @ParameterizedTest
    @CsvSource({"false", "true"})
    void adamMatchesFloat64(boolean decoupled) {
        agree(3, 1500, 4, (b, t) -> {
            b.activate(Activation.RELU, t[3], t[3]);
            for (int step = 1; step <= 3; step++) {
                b.adam(t[0], t[1], t[2], t[3], 0.01, 0.9, 0.999, 1e-8, 0.01, decoupled, step);
            }
        });
    }

    /** Operation for operation the same arithmetic: the same floats, to the bit. */
    @ParameterizedTest
    @CsvSource({"3, 1500", "5, 333", "40, 100", "6, 19", "1, 1"})
    void vectorApiKernelsGiveTheArrayKernelsFloatsExactly(int rows, int cols) {
        same(rows, cols, 3, (b, t) -> {
            b.activate(Activation.RELU, t[0], t[1]);
            b.activateBackward(Activation.RELU, t[0], t[1], t[2]);
        });
        same(rows, cols, 2, (b, t) -> {
            Tensor bias = b.upload(ramp(cols), 1, cols);
            b.addRowVector(t[0], bias);
            b.columnSums(t[0], bias);
            b.gatherRows(bias, new int[rows], 0, t[1]);
        });
        same(rows, cols, 3, (b, t) -> {
            b.sgd(t[0], t[1], t[2], 0.05, 0.9, 0.0, 0.01, true, true);
            b.sgd(t[0], t[1], t[2], 0.05, 0.9, 0.1, 0.01, true, false);
            b.sgd(t[0], t[1], t[2], 0.05, 0.0, 0.0, 0.01, false, false);
        });
        same(rows, cols, 4, (b, t) -> {
            b.activate(Activation.RELU, t[3], t[3]);
            for (int step = 1; step <= 3; step++) {
                b.adam(t[0], t[1], t[2], t[3], 0.01, 0.9, 0.999, 1e-8, 0.01, step % 2 == 0, step);
            }
        });
    }

    private static void same(int rows, int cols, int tensors, BiConsumer<Backend, Tensor[]> op) {
        SplittableRandom rng = new SplittableRandom(rows * 17L + cols);
        double[][] values = new double[tensors][rows * cols];
        for (double[] v : values) {
            for (int i = 0; i < v.length; i++) {
                v[i] = (float) rng.nextDouble(-2, 2);
            }
        }
        double[][][] after = new double[F32.size()][tensors][rows * cols];
        for (int k = 0; k < F32.size(); k++) {
            Backend b = F32.get(k);
            Tensor[] t = new Tensor[tensors];
            for (int i = 0; i < tensors; i++) {
                t[i] = b.upload(values[i], rows, cols);
            }
            op.accept(b, t);
            for (int i = 0; i < tensors; i++) {
                b.download(t[i], after[k][i]);
            }
        }
        for (int i = 0; i < tensors; i++) {
            assertArrayEquals(after[0][i], after[1][i], "tensor " + i);
        }
    }

    @ParameterizedTest
    @CsvSource({"1, 1", "7, 1024", "3, 21"})
    void reluGradientIsZeroWhereThePreActivationIsNotPositive(int rows, int cols) {
        for (Backend f32 : F32) {
            reluGradientIsZeroWhereThePreActivationIsNotPositive(f32, rows, cols);
        }
    }

    private static void reluGradientIsZeroWhereThePreActivationIsNotPositive(Backend f32, int rows, int cols) {
        double[] z = new double[rows * cols];
        for (int i = 0; i < z.length; i++) {
            z[i] = i % 3 == 0 ? 0.0 : i % 3 == 1 ? -1.5 : 2.5;
        }
        Tensor zt = f32.upload(z, rows, cols);
        Tensor a = f32.zeros(rows, cols);
        Tensor g = f32.upload(ramp(rows * cols), rows, cols);
        f32.activate(Activation.RELU, zt, a);
        f32.activateBackward(Activation.RELU, zt, a, g);
        double[] got = new double[rows * cols];
        f32.download(g, got);
        for (int i = 0; i < got.length; i++) {
            assertEquals(z[i] > 0 ? (float) ramp(rows * cols)[i] : 0.0, got[i], "element " + i);
        }
    }

    private static double[] ramp(int n) {
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = 0.25 + 0.001 * i;
        }
        return v;
    }
}
