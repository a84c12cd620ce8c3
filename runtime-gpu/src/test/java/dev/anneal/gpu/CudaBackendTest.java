package dev.anneal.gpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.anneal.runtime.Activation;
import dev.anneal.runtime.backend.Backend;
import dev.anneal.runtime.backend.Precision;
import dev.anneal.runtime.backend.Tensor;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Every backend operation on the GPU against the formula computed here in double. Bounds are
 * relative and sized to the rounding of the result's type: a kernel computes in double and rounds
 * once to the stored type, so element-wise results agree to one unit in the last place of that type
 * ({@link #ulp}: 2^-23 relative for float32, 2^-52 for float64), and a sum or a product of k terms to
 * k + 1 such units of the sum of the terms' magnitudes (GEMM accumulates in the operands' type).
 * Sums done in double in another order than here, and double's exp and log, add their own small
 * terms ({@link #summedInDouble}, {@link #DOUBLE_MATH}), which matter for float64 only.
 */
@Tag("gpu")
class CudaBackendTest {
    private static Backend f32;
    private static Backend f64;
    private final SplittableRandom rng = new SplittableRandom(5);

    @BeforeAll
    static void openGpu() {
        f32 = CudaEmulator.backend(Precision.FLOAT32);
        f64 = CudaEmulator.backend(Precision.FLOAT64);
    }

    /**
     * What double arithmetic adds: exp and log in CUDA's, glibc's and Java's math libraries agree to
     * within a few units of a double's last place (8 allowed: a loss goes through exp, log and
     * divisions).
     */
    private static final double DOUBLE_MATH = 8 * 0x1p-52;

    /** The error of adding {@code n} terms in double in another order, relative to their magnitudes. */
    private static double summedInDouble(int n) {
        return n * 0x1p-53;
    }

    /** One unit in the last place of the backend's type, relative: 2^-23 for float32, 2^-52 for float64. */
    private static double ulp(Backend b) {
        return b.precision() == Precision.FLOAT64 ? 0x1p-52 : 0x1p-23;
    }

    private double[] random(int n) {
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = rng.nextGaussian();
        }
        return v;
    }

    private static double[] host(Backend b, Tensor t) {
        double[] v = new double[t.size()];
        b.download(t, v);
        return v;
    }

    /** What the backend stores for {@code values}: float32 rounds each value. */
    private static double[] stored(Backend b, double[] values) {
        double[] v = values.clone();
        if (b.precision() == Precision.FLOAT32) {
            for (int i = 0; i < v.length; i++) {
                v[i] = (float) v[i];
            }
        }
        return v;
    }

    /** Each actual value within {@code relative} of |expected| (so an expected 0 must be exactly 0). */
    private static void assertClose(double[] expected, double[] actual, double relative, String what) {
        assertClose(expected, Arrays.stream(expected).map(Math::abs).toArray(), actual, relative, what);
    }

    /** Each actual value within {@code relative} times {@code scale[i]} (for sums: the sum of the terms' magnitudes). */
    private static void assertClose(double[] expected, double[] scale, double[] actual, double relative, String what) {
        assertEquals(expected.length, actual.length, what + ": length");
        for (int i = 0; i < expected.length; i++) {
            assertTrue(Math.abs(expected[i] - actual[i]) <= relative * scale[i],
                    what + "[" + i + "]: expected " + expected[i] + ", got " + actual[i] + ", bound " + relative * scale[i]);
        }
    }

    static Backend[] backends() {
        return new Backend[] {f32, f64};
    }

    @Test
    void uploadThenDownloadGivesTheStoredValues() {
        for (Backend b : backends()) {
            double[] v = random(1000);
            assertClose(stored(b, v), host(b, b.upload(v, 40, 25)), 0.0, b.precision() + " round trip");
        }
    }

    @Test
    void zerosAreZero() {
        double[] v = host(f64, f64.zeros(33, 7));
        assertClose(new double[33 * 7], v, 0.0, "zeros");
    }

    @Test
    void matmulMatchesTheDefinitionForEveryTransposeCombination() {
        int m = 37;
        int k = 53;
        int n = 29;
        for (Backend b : backends()) {
            for (boolean ta : new boolean[] {false, true}) {
                for (boolean tb : new boolean[] {false, true}) {
                    double[] a = stored(b, random(m * k));
                    double[] bb = stored(b, random(k * n));
                    Tensor ta_ = b.upload(a, ta ? k : m, ta ? m : k);
                    Tensor tb_ = b.upload(bb, tb ? n : k, tb ? k : n);
                    Tensor c = b.zeros(m, n);
                    b.matmul(ta_, ta, tb_, tb, c);
                    double[] expected = new double[m * n];
                    double[] magnitude = new double[m * n];
                    for (int i = 0; i < m; i++) {
                        for (int j = 0; j < n; j++) {
                            double s = 0;
                            double size = 0;
                            for (int p = 0; p < k; p++) {
                                double product = (ta ? a[p * m + i] : a[i * k + p]) * (tb ? bb[j * k + p] : bb[p * n + j]);
                                s += product;
                                size += Math.abs(product);
                            }
                            expected[i * n + j] = s;
                            magnitude[i * n + j] = size;
                        }
                    }
                    assertClose(expected, magnitude, host(b, c), (k + 1) * ulp(b), b.precision() + " matmul ta=" + ta + " tb=" + tb);
                }
            }
        }
    }

    @Test
    void addRowVectorAndColumnSumsOverSeveralBlocks() {
        int rows = 1000;
        int cols = 70;
        for (Backend b : backends()) {
            double[] m = stored(b, random(rows * cols));
            double[] row = stored(b, random(cols));
            Tensor tm = b.upload(m, rows, cols);
            b.addRowVector(tm, b.upload(row, 1, cols));
            double[] added = new double[rows * cols];
            double[] sums = new double[cols];
            double[] magnitudes = new double[cols];
            for (int i = 0; i < rows * cols; i++) {
                added[i] = stored(b, new double[] {m[i] + row[i % cols]})[0];
                sums[i % cols] += added[i];
                magnitudes[i % cols] += Math.abs(added[i]);
            }
            assertClose(added, host(b, tm), 0.0, b.precision() + " addRowVector (computed in double, rounded once, as here)");
            Tensor out = b.zeros(1, cols);
            b.columnSums(tm, out);
            // Added in double in another order, then rounded once to the stored type.
            assertClose(sums, magnitudes, host(b, out), ulp(b) + summedInDouble(rows), b.precision() + " columnSums");
        }
    }

    @Test
    void columnSumsOfTallAndOfWideMatrices() {
        // 20000 rows: the most row chunks (64) of 313 rows; 40000 columns: too wide for chunks, one pass.
        for (int[] shape : new int[][] {{20_000, 5}, {3, 40_000}}) {
            int rows = shape[0];
            int cols = shape[1];
            double[] m = random(rows * cols);
            double[] sums = new double[cols];
            for (int i = 0; i < m.length; i++) {
                sums[i % cols] += m[i];
            }
            Tensor out = f64.zeros(1, cols);

            f64.columnSums(f64.upload(m, rows, cols), out);

            assertClose(sums, host(f64, out), 1e-12, rows + " x " + cols + " columnSums");
        }
    }

    /**
     * GELU is 0.5 x (1 + erf(x / sqrt 2)), and CUDA's double erf is documented to within 2 units in the
     * last place (the emulator's is off by exactly that): an absolute error of 2 ulp(erf) in 1 + erf,
     * which is small for negative x (0.0455 at x = -2), so the bound relative to GELU grows with
     * 1 / |1 + erf|. The rest of the arithmetic adds a few units of GELU's own last place.
     */
    @Test
    void geluMatchesKnownValuesOfXTimesTheNormalCdf() {
        double[] x = {-2, -1, -0.5, 0, 0.5, 1, 2, 3};
        double[] expected = {-0.04550026389635842, -0.15865525393145707, -0.15426876936299344, 0.0,
                0.34573123063700656, 0.8413447460685429, 1.9544997361036416, 2.99595030590511};
        double[] bound = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            double cdf = 2 * expected[i] / x[i];  // 1 + erf(x / sqrt 2)
            double erf = cdf - 1;
            bound[i] = x[i] == 0 ? 0 : Math.abs(expected[i]) * (4 * 0x1p-52 + 2 * Math.ulp(erf) / Math.abs(cdf));
        }
        Tensor z = f64.upload(x, 1, x.length);
        Tensor a = f64.zeros(1, x.length);
        f64.activate(Activation.GELU, z, a);
        assertClose(expected, bound, host(f64, a), 1.0, "gelu");
    }

    @ParameterizedTest
    @EnumSource(Activation.class)
    void activationForwardMatchesItsFormulaAndBackwardItsFiniteDifference(Activation f) {
        double[] x = random(3000);
        Tensor z = f64.upload(x, 60, 50);
        Tensor a = f64.zeros(60, 50);
        f64.activate(f, z, a);
        double[] out = host(f64, a);
        if (f != Activation.GELU) {
            double[] expected = new double[x.length];
            for (int i = 0; i < x.length; i++) {
                expected[i] = switch (f) {
                    case RELU -> Math.max(0, x[i]);
                    case TANH -> Math.tanh(x[i]);
                    case SIGMOID -> 1 / (1 + Math.exp(-x[i]));
                    case IDENTITY -> x[i];
                    case GELU -> throw new AssertionError();
                };
            }
            assertClose(expected, out, 1e-14, f + " forward");
        }
        double h = 1e-6;
        double[] up = x.clone();
        double[] down = x.clone();
        for (int i = 0; i < x.length; i++) {
            up[i] += h;
            down[i] -= h;
        }
        Tensor au = f64.zeros(60, 50);
        Tensor ad = f64.zeros(60, 50);
        f64.activate(f, f64.upload(up, 60, 50), au);
        f64.activate(f, f64.upload(down, 60, 50), ad);
        double[] hu = host(f64, au);
        double[] hd = host(f64, ad);
        double[] upstream = random(x.length);
        Tensor g = f64.upload(upstream, 60, 50);
        f64.activateBackward(f, z, a, g);
        double[] actual = host(f64, g);
        double[] expected = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            boolean kink = f == Activation.RELU && Math.abs(x[i]) <= h;
            expected[i] = kink ? actual[i] : upstream[i] * (hu[i] - hd[i]) / (2 * h);
        }
        assertClose(expected, actual, 1e-7, f + " backward");
    }

    @Test
    void activateIdentityCopiesIntoAnotherTensor() {
        double[] x = random(20);
        Tensor out = f32.zeros(4, 5);
        f32.activate(Activation.IDENTITY, f32.upload(x, 4, 5), out);
        assertClose(stored(f32, x), host(f32, out), 0.0, "identity");
    }

    @Test
    void softmaxCrossEntropyGivesMeanLossCorrectCountAndGradient() {
        int rows = 300;
        int classes = 7;
        for (Backend b : backends()) {
            double[] logits = stored(b, random(rows * classes));
            double[] labels = new double[rows];
            for (int r = 0; r < rows; r++) {
                labels[r] = rng.nextInt(classes);
            }
            Tensor grad = b.zeros(rows, classes);
            Tensor stats = b.zeros(4, 2);
            b.softmaxCrossEntropy(b.upload(logits, rows, classes), b.upload(labels, rows, 1), grad, stats, 2);
            double loss = 0;
            double correct = 0;
            double[] expectedGrad = new double[rows * classes];
            for (int r = 0; r < rows; r++) {
                int arg = 0;
                double max = logits[r * classes];
                for (int c = 1; c < classes; c++) {
                    if (logits[r * classes + c] > max) {
                        max = logits[r * classes + c];
                        arg = c;
                    }
                }
                double sum = 0;
                for (int c = 0; c < classes; c++) {
                    sum += Math.exp(logits[r * classes + c] - max);
                }
                int label = (int) labels[r];
                loss += Math.log(sum) + max - logits[r * classes + label];
                correct += arg == label ? 1 : 0;
                for (int c = 0; c < classes; c++) {
                    expectedGrad[r * classes + c] = (Math.exp(logits[r * classes + c] - max) / sum - (c == label ? 1 : 0)) / rows;
                }
            }
            double[] s = host(b, stats);
            assertClose(new double[] {0, 0, 0, 0, loss / rows, correct, 0, 0}, s, ulp(b) + summedInDouble(rows) + DOUBLE_MATH, b.precision() + " stats");
            assertClose(expectedGrad, host(b, grad), ulp(b) + DOUBLE_MATH, b.precision() + " gradient");
        }
    }

    @Test
    void softmaxCrossEntropyOverMoreRowsThanItsBlocksTakeAtOnce() {
        // 40000 rows: more than 1024 blocks of 32 rows, so blocks go round their rows more than once.
        int rows = 40_000;
        double[] logits = random(rows * 2);
        double[] labels = new double[rows];
        double loss = 0;
        double correct = 0;
        for (int r = 0; r < rows; r++) {
            labels[r] = rng.nextInt(2);
            double a = logits[2 * r];
            double b = logits[2 * r + 1];
            double max = Math.max(a, b);
            loss += Math.log(Math.exp(a - max) + Math.exp(b - max)) + max - (labels[r] == 0 ? a : b);
            correct += (b > a ? 1 : 0) == labels[r] ? 1 : 0;
        }
        Tensor stats = f64.zeros(1, 2);

        f64.softmaxCrossEntropy(f64.upload(logits, rows, 2), f64.upload(labels, rows, 1), null, stats, 0);

        assertClose(new double[] {loss / rows, correct}, host(f64, stats), 1e-12, "stats");
    }

    @Test
    void labelOutsideTheClassesMakesTheLossNaN() {
        Tensor stats = f32.zeros(1, 2);
        f32.softmaxCrossEntropy(f32.upload(new double[] {1, 2, 3, 4}, 2, 2), f32.upload(new double[] {0, 2}, 2, 1), null, stats, 0);
        assertTrue(Double.isNaN(host(f32, stats)[0]));
    }

    @Test
    void meanSquaredErrorGivesMeanLossAndGradient() {
        for (Backend b : backends()) {
            double[] out = stored(b, random(900));
            double[] target = stored(b, random(900));
            Tensor grad = b.zeros(300, 3);
            Tensor stats = b.zeros(1, 2);
            b.meanSquaredError(b.upload(out, 300, 3), b.upload(target, 300, 3), grad, stats, 0);
            double sum = 0;
            double[] expectedGrad = new double[900];
            for (int i = 0; i < 900; i++) {
                double d = out[i] - target[i];
                sum += d * d;
                expectedGrad[i] = 2 * d / 900;
            }
            assertClose(new double[] {sum / 900, 0}, host(b, stats), ulp(b) + summedInDouble(900), b.precision() + " mse stats");
            assertClose(expectedGrad, host(b, grad), ulp(b), b.precision() + " mse gradient");
        }
    }

    @Test
    void sgdFollowsPyTorchForEveryOptionCombination() {
        double[][] options = {{0, 0, 0, 0}, {0.9, 0, 0, 0}, {0.9, 0.3, 1e-2, 0}, {0.8, 0, 1e-3, 1}};
        for (double[] o : options) {
            double momentum = o[0];
            double dampening = o[1];
            double wd = o[2];
            boolean nesterov = o[3] == 1;
            double lr = 0.05;
            double[] p = random(500);
            double[] buf = new double[500];
            Tensor tp = f64.upload(p, 20, 25);
            Tensor tbuf = f64.zeros(20, 25);
            for (int step = 0; step < 3; step++) {
                double[] g = random(500);
                f64.sgd(tp, f64.upload(g, 20, 25), tbuf, lr, momentum, dampening, wd, nesterov, step == 0);
                for (int i = 0; i < 500; i++) {
                    double d = g[i] + wd * p[i];
                    if (momentum != 0) {
                        buf[i] = step == 0 ? d : momentum * buf[i] + (1 - dampening) * d;
                        d = nesterov ? d + momentum * buf[i] : buf[i];
                    }
                    p[i] -= lr * d;
                }
            }
            assertClose(p, host(f64, tp), 1e-13, "sgd " + java.util.Arrays.toString(o));
        }
    }

    @Test
    void adamAndAdamWFollowPyTorch() {
        for (boolean decoupled : new boolean[] {false, true}) {
            double lr = 1e-2;
            double b1 = 0.9;
            double b2 = 0.99;
            double eps = 1e-8;
            double wd = 0.1;
            double[] p = random(400);
            double[] m = new double[400];
            double[] v = new double[400];
            Tensor tp = f64.upload(p, 400, 1);
            Tensor tm = f64.zeros(400, 1);
            Tensor tv = f64.zeros(400, 1);
            for (int step = 1; step <= 4; step++) {
                double[] g = random(400);
                f64.adam(tp, f64.upload(g, 400, 1), tm, tv, lr, b1, b2, eps, wd, decoupled, step);
                for (int i = 0; i < 400; i++) {
                    p[i] *= decoupled ? 1 - lr * wd : 1;
                    double d = g[i] + (decoupled ? 0 : wd * p[i]);
                    m[i] = b1 * m[i] + (1 - b1) * d;
                    v[i] = b2 * v[i] + (1 - b2) * d * d;
                    double stepSize = lr / (1 - Math.pow(b1, step));
                    p[i] -= stepSize * m[i] / (Math.sqrt(v[i]) / Math.sqrt(1 - Math.pow(b2, step)) + eps);
                }
            }
            assertClose(p, host(f64, tp), 1e-12, decoupled ? "adamw" : "adam");
        }
    }

    @Test
    void gatherFollowsTheOrderArrayEvenWhenItIsRewrittenInPlace() {
        double[] data = random(50 * 3);
        Tensor src = f64.upload(data, 50, 3);
        Tensor dst = f64.zeros(4, 3);
        int[] order = new int[50];
        for (int round = 0; round < 3; round++) {
            for (int i = 0; i < order.length; i++) {
                order[i] = rng.nextInt(50);
            }
            for (int offset : new int[] {0, 20, 46}) {
                f64.gatherRows(src, order, offset, dst);
                double[] expected = new double[12];
                for (int r = 0; r < 4; r++) {
                    System.arraycopy(data, order[offset + r] * 3, expected, r * 3, 3);
                }
                assertClose(expected, host(f64, dst), 0.0, "gather round " + round + " offset " + offset);
            }
        }
    }

    @Test
    void gatherRejectsAnIndexOutsideTheSource() {
        int[] order = {0, 1, 7, 2};
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> f32.gatherRows(f32.zeros(5, 2), order, 0, f32.zeros(4, 2)));
        assertEquals("gatherRows: index 7 at position 2 is outside the source's 5 rows", e.getMessage());
    }

    @Test
    void tensorsOfAnotherPrecisionAreRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> f32.addRowVector(f64.zeros(2, 2), f32.zeros(1, 2)));
        assertTrue(e.getMessage().endsWith("is FLOAT64, this backend FLOAT32"), e.getMessage());
    }

    @Test
    void nameAndDescriptionNameTheDevice() {
        assertEquals("cuda:0", f32.name());
        assertTrue(f32.toString().startsWith("CudaBackend[cuda:0 ("), f32.toString());
    }
}
