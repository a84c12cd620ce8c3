package dev.anneal.runtime.nd4j;

import java.util.Arrays;

/**
 * The element-wise work of a float32 training step, in float arithmetic, a block at a time: each
 * kernel copies {@value #BLOCK} elements of each tensor from off-heap memory into small Java arrays
 * (bulk copies), works on those, and copies the results back. The JIT turns loops over Java arrays
 * into SIMD instructions, and loops over {@code FloatBuffer} indices (or {@code Unsafe} addresses,
 * which may alias) it does not: the SGD update over MLP 784-512-512-10's 670k parameters takes a
 * quarter of the time this way, ReLU's passes about a tenth. The {@link FloatOps} of Java 17 to 24,
 * and of JVMs started without the Vector API's module.
 */
final class FloatKernels implements FloatOps {
    static final int BLOCK = 1024;
    /** The one instance. */
    static final FloatKernels ARRAYS = new FloatKernels();
    private static final ThreadLocal<float[][]> SCRATCH = ThreadLocal.withInitial(() -> new float[4][BLOCK]);

    private FloatKernels() {
    }

    @Override
    public String description() {
        return "Java arrays";
    }

    @Override
    public void adopt(FloatTensor t) {
    }

    /** Rows of 16 floats or more are copied whole; narrower ones element by element (a copy's call costs more). */
    static void gatherRows(FloatTensor src, int[] rows, int offset, FloatTensor dst) {
        int cols = dst.cols();
        for (int r = 0; r < dst.rows(); r++) {
            int from = rows[offset + r] * cols;
            int to = r * cols;
            if (cols >= 16) {
                dst.buffer.put(to, src.buffer, from, cols);
            } else {
                for (int c = 0; c < cols; c++) {
                    dst.buffer.put(to + c, src.buffer.get(from + c));
                }
            }
        }
    }

    /**
     * Adds {@code row} to every row of {@code m}: as many whole rows at a time as fit in a block
     * (narrow matrices), or a block of columns of one row at a time (rows wider than a block).
     */
    @Override
    public void addRowVector(FloatTensor m, FloatTensor row) {
        float[][] s = SCRATCH.get();
        float[] bias = s[0];
        float[] x = s[1];
        int cols = m.cols();
        int rows = m.rows();
        if (cols <= BLOCK) {
            row.buffer.get(0, bias, 0, cols);
            int perBlock = BLOCK / cols;
            for (int r0 = 0; r0 < rows; r0 += perBlock) {
                int n = Math.min(perBlock, rows - r0);
                m.buffer.get(r0 * cols, x, 0, n * cols);
                for (int r = 0; r < n; r++) {
                    int base = r * cols;
                    for (int c = 0; c < cols; c++) {
                        x[base + c] += bias[c];
                    }
                }
                m.buffer.put(r0 * cols, x, 0, n * cols);
            }
            return;
        }
        for (int c0 = 0; c0 < cols; c0 += BLOCK) {
            int w = Math.min(BLOCK, cols - c0);
            row.buffer.get(c0, bias, 0, w);
            for (int r = 0; r < rows; r++) {
                int at = r * cols + c0;
                m.buffer.get(at, x, 0, w);
                for (int c = 0; c < w; c++) {
                    x[c] += bias[c];
                }
                m.buffer.put(at, x, 0, w);
            }
        }
    }

    /** The sums of {@code m}'s columns, blocked as {@link #addRowVector} is. */
    @Override
    public void columnSums(FloatTensor m, FloatTensor out) {
        float[][] s = SCRATCH.get();
        float[] sum = s[0];
        float[] x = s[1];
        int cols = m.cols();
        int rows = m.rows();
        if (cols <= BLOCK) {
            Arrays.fill(sum, 0, cols, 0f);
            int perBlock = BLOCK / cols;
            for (int r0 = 0; r0 < rows; r0 += perBlock) {
                int n = Math.min(perBlock, rows - r0);
                m.buffer.get(r0 * cols, x, 0, n * cols);
                for (int r = 0; r < n; r++) {
                    int base = r * cols;
                    for (int c = 0; c < cols; c++) {
                        sum[c] += x[base + c];
                    }
                }
            }
            out.buffer.put(0, sum, 0, cols);
            return;
        }
        for (int c0 = 0; c0 < cols; c0 += BLOCK) {
            int w = Math.min(BLOCK, cols - c0);
            Arrays.fill(sum, 0, w, 0f);
            for (int r = 0; r < rows; r++) {
                m.buffer.get(r * cols + c0, x, 0, w);
                for (int c = 0; c < w; c++) {
                    sum[c] += x[c];
                }
            }
            out.buffer.put(c0, sum, 0, w);
        }
    }

    @Override
    public void relu(FloatTensor z, FloatTensor out) {
        relu(z, out, 0, z.size());
    }

    /** {@link #relu} on the elements {@code from} to {@code to} (exclusive). */
    static void relu(FloatTensor z, FloatTensor out, int from, int to) {
        float[] x = SCRATCH.get()[0];
        for (int i0 = from; i0 < to; i0 += BLOCK) {
            int w = Math.min(BLOCK, to - i0);
            z.buffer.get(i0, x, 0, w);
            for (int i = 0; i < w; i++) {
                x[i] = 0.5f * (x[i] + Math.abs(x[i]));
            }
            out.buffer.put(i0, x, 0, w);
        }
    }

    /**
     * ReLU's gradient from its output {@code a = max(z, 0)}: {@code grad * signum(a)}, which is
     * {@code grad} where {@code z > 0} and 0 elsewhere, and compiles to SIMD instructions, where a
     * comparison per element compiled to a branch.
     */
    @Override
    public void reluBackward(FloatTensor out, FloatTensor grad) {
        reluBackward(out, grad, 0, grad.size());
    }

    /** {@link #reluBackward} on the elements {@code from} to {@code to} (exclusive). */
    static void reluBackward(FloatTensor out, FloatTensor grad, int from, int to) {
        float[][] s = SCRATCH.get();
        float[] a = s[0];
        float[] g = s[1];
        for (int i0 = from; i0 < to; i0 += BLOCK) {
            int w = Math.min(BLOCK, to - i0);
            out.buffer.get(i0, a, 0, w);
            grad.buffer.get(i0, g, 0, w);
            for (int i = 0; i < w; i++) {
                g[i] *= Math.signum(a[i]);
            }
            grad.buffer.put(i0, g, 0, w);
        }
    }

    /**
     * PyTorch's SGD step (see {@code Backend.sgd}) in float arithmetic (the coefficients rounded once
     * to float, as PyTorch's are). Nesterov and plain momentum
     * share a loop: the update direction is {@code keep * g + take * buf}, with (1, momentum) for
     * Nesterov and (0, 1) for plain momentum.
     */
    @Override
    public void sgd(FloatTensor param, FloatTensor grad, FloatTensor buf, double learningRate, double beta,
                    double dampening, double decay, boolean nesterov, boolean first) {
        sgd(param, grad, buf, learningRate, beta, dampening, decay, nesterov, first, 0, param.size());
    }

    /** {@link #sgd} on the elements {@code from} to {@code to} (exclusive). */
    static void sgd(FloatTensor param, FloatTensor grad, FloatTensor buf, double learningRate, double beta,
                    double dampening, double decay, boolean nesterov, boolean first, int from, int to) {
        float lr = (float) learningRate;
        float momentum = (float) beta;
        float weightDecay = (float) decay;
        float fresh = (float) (1.0 - dampening);
        float[][] s = SCRATCH.get();
        float[] p = s[0];
        float[] g = s[1];
        float[] b = s[2];
        float keep = nesterov ? 1f : 0f;
        float take = nesterov ? momentum : 1f;
        for (int i0 = from; i0 < to; i0 += BLOCK) {
            int w = Math.min(BLOCK, to - i0);
            param.buffer.get(i0, p, 0, w);
            grad.buffer.get(i0, g, 0, w);
            if (momentum == 0f) {
                for (int i = 0; i < w; i++) {
                    p[i] -= lr * (g[i] + weightDecay * p[i]);
                }
            } else if (first) {
                for (int i = 0; i < w; i++) {
                    float gi = g[i] + weightDecay * p[i];
                    b[i] = gi;
                    p[i] -= lr * (keep * gi + take * gi);
                }
                buf.buffer.put(i0, b, 0, w);
            } else {
                buf.buffer.get(i0, b, 0, w);
                for (int i = 0; i < w; i++) {
                    float gi = g[i] + weightDecay * p[i];
                    float bi = momentum * b[i] + fresh * gi;
                    b[i] = bi;
                    p[i] -= lr * (keep * gi + take * bi);
                }
                buf.buffer.put(i0, b, 0, w);
            }
            param.buffer.put(i0, p, 0, w);
        }
    }

    /** PyTorch's Adam or AdamW step (see {@code Backend.adam}) in float arithmetic. */
    @Override
    public void adam(FloatTensor param, FloatTensor grad, FloatTensor m, FloatTensor v, double lr, double beta1,
                     double beta2, double eps, double weightDecay, boolean decoupled, long step) {
        adam(param, grad, m, v, lr, beta1, beta2, eps, weightDecay, decoupled, step, 0, param.size());
    }

    /** {@link #adam} on the elements {@code from} to {@code to} (exclusive). */
    static void adam(FloatTensor param, FloatTensor grad, FloatTensor m, FloatTensor v, double lr, double beta1,
                     double beta2, double eps, double weightDecay, boolean decoupled, long step, int from, int to) {
        float stepSize = (float) (lr / (1.0 - Math.pow(beta1, step)));
        float correction2 = (float) Math.sqrt(1.0 - Math.pow(beta2, step));
        float shrink = (float) (decoupled ? 1.0 - lr * weightDecay : 1.0);
        float l2 = (float) (decoupled ? 0.0 : weightDecay);
        float b1 = (float) beta1;
        float b2 = (float) beta2;
        float c1 = (float) (1.0 - beta1);
        float c2 = (float) (1.0 - beta2);
        float e = (float) eps;
        float[][] s = SCRATCH.get();
        float[] p = s[0];
        float[] g = s[1];
        float[] mm = s[2];
        float[] vv = s[3];
        for (int i0 = from; i0 < to; i0 += BLOCK) {
            int w = Math.min(BLOCK, to - i0);
            param.buffer.get(i0, p, 0, w);
            grad.buffer.get(i0, g, 0, w);
            m.buffer.get(i0, mm, 0, w);
            v.buffer.get(i0, vv, 0, w);
            for (int i = 0; i < w; i++) {
                float pi = p[i] * shrink;
                float gi = g[i] + l2 * pi;
                float mi = b1 * mm[i] + c1 * gi;
                float vi = b2 * vv[i] + c2 * gi * gi;
                mm[i] = mi;
                vv[i] = vi;
                p[i] = pi - stepSize * mi / ((float) Math.sqrt(vi) / correction2 + e);
            }
            param.buffer.put(i0, p, 0, w);
            m.buffer.put(i0, mm, 0, w);
            v.buffer.put(i0, vv, 0, w);
        }
    }
}
