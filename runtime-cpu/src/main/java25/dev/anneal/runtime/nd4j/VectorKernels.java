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
 * {@link FloatKernels} whole. Loaded by {@link FloatOps#best()} only, by name, so that the rest of
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
        MemorySegment x = segment(m);
        MemorySegment b = segment(row);
        int bound = SPECIES.loopBound(cols);
        for (int r = 0, base = 0; r < m.rows(); r++, base += cols) {
            for (int c = 0; c < bound; c += LANES) {
                load(x, base + c).add(load(b, c)).intoMemorySegment(x, offset(base + c), ORDER);
            }
            for (int c = bound; c < cols; c++) {
                m.buffer.put(base + c, m.buffer.get(base + c) + row.buffer.get(c));
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
        MemorySegment x = segment(m);
        MemorySegment sum = segment(out);
        int bound = SPECIES.loopBound(cols);
        sum.fill((byte) 0);
        for (int r = 0, base = 0; r < m.rows(); r++, base += cols) {
            for (int c = 0; c < bound; c += LANES) {
                load(sum, c).add(load(x, base + c)).intoMemorySegment(sum, offset(c), ORDER);
            }
            for (int c = bound; c < cols; c++) {
                out.buffer.put(c, out.buffer.get(c) + m.buffer.get(base + c));
            }
        }
    }

    @Override
    public void relu(FloatTensor z, FloatTensor out) {
        MemorySegment in = segment(z);
        MemorySegment to = segment(out);
        int bound = SPECIES.loopBound(z.size());
        for (int i = 0; i < bound; i += LANES) {
            load(in, i).max(0f).intoMemorySegment(to, offset(i), ORDER);
        }
        FloatKernels.relu(z, out, bound, z.size());
    }

    @Override
    public void reluBackward(FloatTensor a, FloatTensor grad) {
        MemorySegment out = segment(a);
        MemorySegment g = segment(grad);
        int bound = SPECIES.loopBound(grad.size());
        for (int i = 0; i < bound; i += LANES) {
            FloatVector ai = load(out, i);
            FloatVector signum = ai.blend(1f, ai.compare(VectorOperators.GT, 0f)); // a >= 0 (or NaN): signum(a)
            load(g, i).mul(signum).intoMemorySegment(g, offset(i), ORDER);
        }
        FloatKernels.reluBackward(a, grad, bound, grad.size());
    }

    @Override
    public void sgd(FloatTensor param, FloatTensor grad, FloatTensor buf, double learningRate, double beta,
                    double dampening, double decay, boolean nesterov, boolean first) {
        float lr = (float) learningRate;
        float momentum = (float) beta;
        float weightDecay = (float) decay;
        float fresh = (float) (1.0 - dampening);
        float keep = nesterov ? 1f : 0f;
        float take = nesterov ? momentum : 1f;
        MemorySegment p = segment(param);
        MemorySegment g = segment(grad);
        int bound = SPECIES.loopBound(param.size());
        if (momentum == 0f) {
            for (int i = 0; i < bound; i += LANES) {
                FloatVector pi = load(p, i);
                pi.sub(load(g, i).add(pi.mul(weightDecay)).mul(lr)).intoMemorySegment(p, offset(i), ORDER);
            }
        } else if (first) {
            MemorySegment b = segment(buf);
            for (int i = 0; i < bound; i += LANES) {
                FloatVector pi = load(p, i);
                FloatVector gi = load(g, i).add(pi.mul(weightDecay));
                gi.intoMemorySegment(b, offset(i), ORDER);
                pi.sub(gi.mul(keep).add(gi.mul(take)).mul(lr)).intoMemorySegment(p, offset(i), ORDER);
            }
        } else {
            MemorySegment b = segment(buf);
            for (int i = 0; i < bound; i += LANES) {
                FloatVector pi = load(p, i);
                FloatVector gi = load(g, i).add(pi.mul(weightDecay));
                FloatVector bi = load(b, i).mul(momentum).add(gi.mul(fresh));
                bi.intoMemorySegment(b, offset(i), ORDER);
                pi.sub(gi.mul(keep).add(bi.mul(take)).mul(lr)).intoMemorySegment(p, offset(i), ORDER);
            }
        }
        FloatKernels.sgd(param, grad, buf, learningRate, beta, dampening, decay, nesterov, first, bound, param.size());
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
        MemorySegment p = segment(param);
        MemorySegment g = segment(grad);
        MemorySegment ms = segment(m);
        MemorySegment vs = segment(v);
        int bound = SPECIES.loopBound(param.size());
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
        FloatKernels.adam(param, grad, m, v, lr, beta1, beta2, eps, weightDecay, decoupled, step, bound, param.size());
    }

    private static MemorySegment segment(FloatTensor t) {
        Object s = t.segment;
        if (s == null) {
            s = MemorySegment.ofBuffer(t.buffer);
            t.segment = s;
        }
        return (MemorySegment) s;
    }

    private static FloatVector load(MemorySegment m, int i) {
        return FloatVector.fromMemorySegment(SPECIES, m, offset(i), ORDER);
    }

    private static long offset(int i) {
        return (long) i * Float.BYTES;
    }
}
