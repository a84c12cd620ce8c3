package dev.anneal.runtime.nd4j;

import dev.anneal.runtime.Activation;
import org.apache.commons.math3.special.Erf;

/**
 * The element-wise work of a training step as plain Java loops over the tensors' off-heap memory:
 * at MLP sizes one ND4J op costs microseconds of dispatch, a loop over a few thousand elements less.
 * Arithmetic is done in double and stored in the tensor's precision.
 */
final class Kernels {
    private static final double INV_SQRT2 = 1.0 / Math.sqrt(2.0);
    private static final double INV_SQRT_2PI = 1.0 / Math.sqrt(2.0 * Math.PI);

    private Kernels() {
    }

    static void gatherRows(CpuTensor src, int[] rows, int offset, CpuTensor dst) {
        int cols = dst.cols();
        for (int r = 0; r < dst.rows(); r++) {
            int from = rows[offset + r] * cols;
            int to = r * cols;
            for (int c = 0; c < cols; c++) {
                dst.set(to + c, src.get(from + c));
            }
        }
    }

    static void addRowVector(CpuTensor m, CpuTensor row) {
        int cols = m.cols();
        for (int r = 0, i = 0; r < m.rows(); r++) {
            for (int c = 0; c < cols; c++, i++) {
                m.set(i, m.get(i) + row.get(c));
            }
        }
    }

    static void columnSums(CpuTensor m, CpuTensor out) {
        int cols = m.cols();
        for (int c = 0; c < cols; c++) {
            out.set(c, 0.0);
        }
        for (int r = 0, i = 0; r < m.rows(); r++) {
            for (int c = 0; c < cols; c++, i++) {
                out.set(c, out.get(c) + m.get(i));
            }
        }
    }

    static void activate(Activation f, CpuTensor z, CpuTensor out) {
        int n = z.size();
        switch (f) {
            case RELU -> {
                for (int i = 0; i < n; i++) {
                    double x = z.get(i);
                    out.set(i, 0.5 * (x + Math.abs(x)));
                }
            }
            case TANH -> {
                for (int i = 0; i < n; i++) {
                    out.set(i, Math.tanh(z.get(i)));
                }
            }
            case SIGMOID -> {
                for (int i = 0; i < n; i++) {
                    out.set(i, 1.0 / (1.0 + Math.exp(-z.get(i))));
                }
            }
            case GELU -> {
                for (int i = 0; i < n; i++) {
                    double x = z.get(i);
                    out.set(i, 0.5 * x * (1.0 + Erf.erf(x * INV_SQRT2)));
                }
            }
            case IDENTITY -> {
                if (out != z) {
                    for (int i = 0; i < n; i++) {
                        out.set(i, z.get(i));
                    }
                }
            }
        }
    }

    static void activateBackward(Activation f, CpuTensor z, CpuTensor out, CpuTensor grad) {
        int n = grad.size();
        switch (f) {
            case RELU -> {
                for (int i = 0; i < n; i++) {
                    grad.set(i, grad.get(i) * positive(z.get(i)));
                }
            }
            case TANH -> {
                for (int i = 0; i < n; i++) {
                    double a = out.get(i);
                    grad.set(i, grad.get(i) * (1.0 - a * a));
                }
            }
            case SIGMOID -> {
                for (int i = 0; i < n; i++) {
                    double a = out.get(i);
                    grad.set(i, grad.get(i) * a * (1.0 - a));
                }
            }
            case GELU -> {
                for (int i = 0; i < n; i++) {
                    double x = z.get(i);
                    double cdf = 0.5 * (1.0 + Erf.erf(x * INV_SQRT2));
                    double pdf = INV_SQRT_2PI * Math.exp(-0.5 * x * x);
                    grad.set(i, grad.get(i) * (cdf + x * pdf));
                }
            }
            case IDENTITY -> {
                // f'(z) = 1: grad unchanged
            }
        }
    }

    /**
     * 1 when {@code z > 0} (sign bit clear, not zero), else 0, without a branch: ReLU's signs are random,
     * and a mispredicted branch per element made ReLU's forward and backward passes 5x slower than
     * these branch-free forms ({@code 0.5 * (x + |x|)} forward).
     */
    private static double positive(double z) {
        long bits = Double.doubleToRawLongBits(z);
        return (~bits & -bits) >>> 63;
    }

    static void softmaxCrossEntropy(CpuTensor logits, CpuTensor labels, CpuTensor grad, CpuTensor stats, int slot) {
        int n = logits.rows();
        int k = logits.cols();
        double loss = 0.0;
        int correct = 0;
        for (int r = 0; r < n; r++) {
            int base = r * k;
            int label = (int) labels.get(r);
            int argmax = 0;
            double max = logits.get(base);
            for (int c = 1; c < k; c++) {
                double v = logits.get(base + c);
                if (v > max) {
                    max = v;
                    argmax = c;
                }
            }
            double sum = 0.0;
            for (int c = 0; c < k; c++) {
                double e = Math.exp(logits.get(base + c) - max);
                sum += e;
                if (grad != null) {
                    grad.set(base + c, e);
                }
            }
            loss += Math.log(sum) + max - logits.get(base + label);
            if (argmax == label) {
                correct++;
            }
            if (grad != null) {
                double scale = 1.0 / (sum * n);
                for (int c = 0; c < k; c++) {
                    grad.set(base + c, grad.get(base + c) * scale - (c == label ? 1.0 / n : 0.0));
                }
            }
        }
        stats.set(2 * slot, loss / n);
        stats.set(2 * slot + 1, correct);
    }

    static void meanSquaredError(CpuTensor output, CpuTensor target, CpuTensor grad, CpuTensor stats, int slot) {
        int n = output.size();
        double sum = 0.0;
        for (int i = 0; i < n; i++) {
            double d = output.get(i) - target.get(i);
            sum += d * d;
            if (grad != null) {
                grad.set(i, 2.0 * d / n);
            }
        }
        stats.set(2 * slot, sum / n);
        stats.set(2 * slot + 1, 0.0);
    }

    static void sgd(CpuTensor param, CpuTensor grad, CpuTensor buf, double lr, double momentum, double dampening,
                    double weightDecay, boolean nesterov, boolean first) {
        int n = param.size();
        for (int i = 0; i < n; i++) {
            double p = param.get(i);
            double g = grad.get(i) + weightDecay * p;
            if (momentum != 0.0) {
                double b = first ? g : momentum * buf.get(i) + (1.0 - dampening) * g;
                buf.set(i, b);
                g = nesterov ? g + momentum * b : b;
            }
            param.set(i, p - lr * g);
        }
    }

    static void adam(CpuTensor param, CpuTensor grad, CpuTensor m, CpuTensor v, double lr, double beta1,
                     double beta2, double eps, double weightDecay, boolean decoupled, long step) {
        double stepSize = lr / (1.0 - Math.pow(beta1, step));
        double correction2 = Math.sqrt(1.0 - Math.pow(beta2, step));
        double shrink = decoupled ? 1.0 - lr * weightDecay : 1.0;
        double l2 = decoupled ? 0.0 : weightDecay;
        int n = param.size();
        for (int i = 0; i < n; i++) {
            double p = param.get(i) * shrink;
            double g = grad.get(i) + l2 * p;
            double mi = beta1 * m.get(i) + (1.0 - beta1) * g;
            double vi = beta2 * v.get(i) + (1.0 - beta2) * g * g;
            m.set(i, mi);
            v.set(i, vi);
            param.set(i, p - stepSize * mi / (Math.sqrt(vi) / correction2 + eps));
        }
    }
}
