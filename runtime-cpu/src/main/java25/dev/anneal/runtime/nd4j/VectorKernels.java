package dev.anneal.runtime.nd4j;

import java.lang.foreign.MemorySegment;
import java.nio.ByteOrder;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link FloatOps} through Java's Vector API (Java 25, module {@code jdk.incubator.vector}), straight
 * on the tensors' off-heap memory: each loop runs whole vectors of the CPU's widest kind (16 floats
 * with AVX-512, 8 with AVX2), and the elements after the last whole vector go to
 * {@link FloatKernels}. The arithmetic is {@link FloatKernels}'s, operation for operation (no fused
 * multiply-adds), so both give the same floats. Matrices narrower than a vector go to
 * {@link FloatKernels} whole. Each vector loop is a method of its own with no branch inside, since
 * compiled Vector API code that meets an untaken branch falls back to code that allocates an object
 * per vector operation until it is compiled again. Loaded by {@link FloatOps#best()} only, by name, so that the rest of
 * the module runs on Java 17.
 */
final class VectorKernels implements FloatOps {
    private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;
    private static final int LANES = SPECIES.length();
    private static final ByteOrder ORDER = ByteOrder.nativeOrder();

    @Override
    public String description() {
        return "Vector API (" + SPECIES.vectorBitSize() + "-bit)";
    }

    @Override
    public void addRowVector(FloatTensor m, FloatTensor row) {
        int cols = m.cols();
        if (cols < LANES) {
            FloatKernels.ARRAYS.addRowVector(m, row);
            return;
        }
        int bound = SPECIES.loopBound(cols);
        addRowVector(segment(m), segment(row), m.rows(), cols, bound);
        for (int r = 0, base = 0; bound < cols && r < m.rows(); r++, base += cols) {
            for (int c = bound; c < cols; c++) {
                m.buffer.put(base + c, m.buffer.get(base + c) + row.buffer.get(c));
            }
        }
    }

    private static void addRowVector(MemorySegment x, MemorySegment b, int rows, int cols, int bound) {
        for (int r = 0, base = 0; r < rows; r++, base += cols) {
            for (int c = 0; c < bound; c += LANES) {
                load(x, base + c).add(load(b, c)).intoMemorySegment(x, offset(base + c), ORDER);
            }
        }
    }

    @Override
    public void columnSums(FloatTensor m, FloatTensor out) {
        int cols = m.cols();
        if (cols < LANES) {
            FloatKernels.ARRAYS.columnSums(m, out);
            return;
        }
        int bound = SPECIES.loopBound(cols);
        MemorySegment sum = segment(out);
        sum.fill((byte) 0);
        columnSums(segment(m), sum, m.rows(), cols, bound);
        for (int r = 0, base = 0; bound < cols && r < m.rows(); r++, base += cols) {
            for (int c = bound; c < cols; c++) {
                out.buffer.put(c, out.buffer.get(c) + m.buffer.get(base + c));
            }
        }
    }

    private static void columnSums(MemorySegment x, MemorySegment sum, int rows, int cols, int bound) {
        for (int r = 0, base = 0; r < rows; r++, base += cols) {
            for (int c = 0; c < bound; c += LANES) {
                load(sum, c).add(load(x, base + c)).intoMemorySegment(sum, offset(c), ORDER);
            }
        }
    }

    @Override
    public void relu(FloatTensor z, FloatTensor out) {
        int bound = SPECIES.loopBound(z.size());
        relu(segment(z), segment(out), bound);
        FloatKernels.relu(z, out, bound, z.size());
    }

    private static void relu(MemorySegment in, MemorySegment to, int bound) {
        for (int i = 0; i < bound; i += LANES) {
            load(in, i).max(0f).intoMemorySegment(to, offset(i), ORDER);
        }
    }

    @Override
    public void reluBackward(FloatTensor a, FloatTensor grad) {
        int bound = SPECIES.loopBound(grad.size());
        reluBackward(segment(a), segment(grad), bound);
        FloatKernels.reluBackward(a, grad, bound, grad.size());
    }

    /** {@code g * signum(a)} for {@code a >= 0} (or NaN): {@code signum(a)} is 1 where {@code a > 0}, else {@code a}. */
    private static void reluBackward(MemorySegment out, MemorySegment g, int bound) {
        for (int i = 0; i < bound; i += LANES) {
            FloatVector ai = load(out, i);
            load(g, i).mul(ai.blend(1f, ai.compare(VectorOperators.GT, 0f))).intoMemorySegment(g, offset(i), ORDER);
        }
    }

    /**
     * The first step with momentum (once per run) goes to {@link FloatKernels}, so that the
     * compiled vector loops never meet a branch their profile has not seen.
     */
    @Override
    public void sgd(FloatTensor param, FloatTensor grad, FloatTensor buf, double learningRate, double beta,
                    double dampening, double decay, boolean nesterov, boolean first) {
        int bound = SPECIES.loopBound(param.size());
        if ((float) beta == 0f) {
            plainSgd(segment(param), segment(grad), bound, (float) learningRate, (float) decay);
        } else if (first) {
            bound = 0;
        } else {
            momentumSgd(segment(param), segment(grad), segment(buf), bound, (float) learningRate, (float) beta,
                    (float) (1.0 - dampening), (float) decay, nesterov ? 1f : 0f, nesterov ? (float) beta : 1f);
        }
        FloatKernels.sgd(param, grad, buf, learningRate, beta, dampening, decay, nesterov, first, bound, param.size());
    }

    private static void plainSgd(MemorySegment p, MemorySegment g, int bound, float lr, float weightDecay) {
        for (int i = 0; i < bound; i += LANES) {
            FloatVector pi = load(p, i);
            pi.sub(load(g, i).add(pi.mul(weightDecay)).mul(lr)).intoMemorySegment(p, offset(i), ORDER);
        }
    }

    private static void momentumSgd(MemorySegment p, MemorySegment g, MemorySegment b, int bound, float lr,
                                    float momentum, float fresh, float weightDecay, float keep, float take) {
        for (int i = 0; i < bound; i += LANES) {
            FloatVector pi = load(p, i);
            FloatVector gi = load(g, i).add(pi.mul(weightDecay));
            FloatVector bi = load(b, i).mul(momentum).add(gi.mul(fresh));
            bi.intoMemorySegment(b, offset(i), ORDER);
            pi.sub(gi.mul(keep).add(bi.mul(take)).mul(lr)).intoMemorySegment(p, offset(i), ORDER);
        }
    }

    @Override
    public void adam(FloatTensor param, FloatTensor grad, FloatTensor m, FloatTensor v, double lr, double beta1,
                     double beta2, double eps, double weightDecay, boolean decoupled, long step) {
        float stepSize = (float) (lr / (1.0 - Math.pow(beta1, step)));
        float correction2 = (float) Math.sqrt(1.0 - Math.pow(beta2, step));
        float shrink = (float) (decoupled ? 1.0 - lr * weightDecay : 1.0);
        float l2 = (float) (decoupled ? 0.0 : weightDecay);
        float b1 = (float) beta1;
        float b2 = (float) beta2;
        float c1 = (float) (1.0 - beta1);
        float c2 = (float) (1.0 - beta2);
        float e = (float) eps;
        int bound = SPECIES.loopBound(param.size());
        adam(segment(param), segment(grad), segment(m), segment(v), bound, stepSize, correction2, shrink, l2, b1, b2,
                c1, c2, e);
        FloatKernels.adam(param, grad, m, v, lr, beta1, beta2, eps, weightDecay, decoupled, step, bound, param.size());
    }

    private static void adam(MemorySegment p, MemorySegment g, MemorySegment ms, MemorySegment vs, int bound,
                             float stepSize, float correction2, float shrink, float l2, float b1, float b2, float c1,
                             float c2, float e) {
        for (int i = 0; i < bound; i += LANES) {
            long at = offset(i);
            FloatVector pi = load(p, i).mul(shrink);
            FloatVector gi = load(g, i).add(pi.mul(l2));
            FloatVector mi = load(ms, i).mul(b1).add(gi.mul(c1));
            FloatVector vi = load(vs, i).mul(b2).add(gi.mul(c2).mul(gi));
            mi.intoMemorySegment(ms, at, ORDER);
            vi.intoMemorySegment(vs, at, ORDER);
            FloatVector denominator = vi.lanewise(VectorOperators.SQRT).div(correction2).add(e);
            pi.sub(mi.mul(stepSize).div(denominator)).intoMemorySegment(p, at, ORDER);
        }
    }

    /** Keeps the tensor's memory as a segment, so that the kernels' compiled code meets no first use. */
    @Override
    public void adopt(FloatTensor t) {
        t.segment = MemorySegment.ofBuffer(t.buffer);
    }

    private static MemorySegment segment(FloatTensor t) {
        Object s = t.segment;
        return s != null ? (MemorySegment) s : MemorySegment.ofBuffer(t.buffer);
    }

    private static FloatVector load(MemorySegment m, int i) {
        return FloatVector.fromMemorySegment(SPECIES, m, offset(i), ORDER);
    }

    private static long offset(int i) {
        return (long) i * Float.BYTES;
    }
}
