package dev.anneal.torch;

import dev.anneal.graph.Curve;
import dev.anneal.graph.Frame;

/**
 * PyTorch's {@code PolynomialLR(optimizer, total_iters=5, power=1.0, last_epoch=-1)}:
 * {@code lr = base * (1 - min(e, T) / T) ** power}, reaching 0 at epoch {@code total_iters} and holding
 * it. As in PyTorch, {@code total_iters = 0} holds the base forever and a negative power raises
 * {@code ZeroDivisionError} at epoch {@code total_iters}.
 * <pre>{@code
 * PolynomialLR s = new PolynomialLR(10, 2.0);   // PolynomialLR(total_iters=10, power=2.0)
 * s.compile().lr(5, 0.1);                       // 0.025
 * }</pre>
 *
 * @param total_iters epochs of the decay
 * @param power       the polynomial's power
 * @param last_epoch  -1 for a fresh start; {@code L >= 0} resumes from the group's lr at epoch {@code L + 1}
 */
public record PolynomialLR(long total_iters, double power, long last_epoch) implements TorchScheduler {

    /** Checks {@code last_epoch} and the construction step. */
    public PolynomialLR {
        Groups.checkLastEpoch("PolynomialLR", last_epoch);
        new Rule(total_iters, power, last_epoch).checkConstruction();
    }

    /** {@code PolynomialLR(total_iters, power)}. */
    public PolynomialLR(long total_iters, double power) {
        this(total_iters, power, -1);
    }

    @Override
    public Curve curve(Frame frame) {
        return recurrence().standalone();
    }

    Recurrence recurrence() {
        return new Rule(total_iters, power, last_epoch);
    }

    @Override
    public String toString() {
        return new Text("PolynomialLR").arg("total_iters", total_iters, 5).arg("power", power, 1.0)
                .arg("last_epoch", last_epoch, -1).toString();
    }

    private static final class Rule extends Recurrence {
        private final long total;
        private final double power;

        Rule(long total, double power, long lastEpoch) {
            super(lastEpoch);
            this.total = total;
            this.power = power;
        }

        @Override
        double step(double lr, long e, double b) {
            if (e == 0 || e > total) {
                return lr;
            }
            return lr * Py.pow((1.0 - (double) e / total) / (1.0 - (double) (e - 1) / total), power);
        }

        @Override
        double restart(double lr, double b) {
            if (total == 0) {
                throw Py.zeroDivision("division by zero");
            }
            return b * Py.pow(1.0 - (double) Math.min(total, 0) / total, power);
        }

        @Override
        double run(double lr, long e0, long e, double b) {
            long m = Math.min(e, total);
            if (m <= e0) {
                return lr;
            }
            return lr * Py.pow((1.0 - (double) m / total) / (1.0 - (double) e0 / total), power);
        }

        @Override
        boolean multiplicative() {
            return true;
        }

        @Override
        long firstFailure(long e0, long e) {
            return power < 0 && e0 < total && total <= e ? total : Long.MAX_VALUE;
        }
    }
}
