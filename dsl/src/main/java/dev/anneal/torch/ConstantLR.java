package dev.anneal.torch;

import dev.anneal.graph.Curve;
import dev.anneal.graph.Frame;

/**
 * PyTorch's {@code ConstantLR(optimizer, factor=1/3, total_iters=5, last_epoch=-1)}: the lr is
 * multiplied by {@code factor} at construction and by {@code 1.0 / factor} at epoch
 * {@code total_iters}. PyTorch's quirks are kept: with {@code total_iters = 0} the lr stays at
 * {@code factor * base} forever, and {@code factor = 0} raises {@code ZeroDivisionError} at epoch
 * {@code total_iters}.
 * <pre>{@code
 * ConstantLR s = new ConstantLR(0.5, 4);   // ConstantLR(factor=0.5, total_iters=4)
 * s.compile().lr(3, 0.1);                  // 0.05
 * s.compile().lr(4, 0.1);                  // 0.1
 * }</pre>
 *
 * @param factor      the factor until {@code total_iters}, in {@code [0, 1]}
 * @param total_iters the epoch at which the factor is undone
 * @param last_epoch  -1 for a fresh start; {@code L >= 0} resumes from the group's lr at epoch {@code L + 1}
 */
public record ConstantLR(double factor, long total_iters, long last_epoch) implements TorchScheduler {

    /** PyTorch's default factor, {@code 1.0 / 3}. */
    static final double DEFAULT_FACTOR = 1.0 / 3;

    /** Checks {@code factor} as PyTorch does. */
    public ConstantLR {
        if (factor > 1.0 || factor < 0) {
            throw Py.valueError("Constant multiplicative factor expected to be between 0 and 1.");
        }
        Groups.checkLastEpoch("ConstantLR", last_epoch);
        new Rule(factor, total_iters, last_epoch).checkConstruction();
    }

    /** {@code ConstantLR(factor, total_iters)}. */
    public ConstantLR(double factor, long total_iters) {
        this(factor, total_iters, -1);
    }

    @Override
    public Curve curve(Frame frame) {
        return recurrence().standalone();
    }

    Recurrence recurrence() {
        return new Rule(factor, total_iters, last_epoch);
    }

    @Override
    public String toString() {
        return new Text("ConstantLR").arg("factor", factor, DEFAULT_FACTOR).arg("total_iters", total_iters, 5)
                .arg("last_epoch", last_epoch, -1).toString();
    }

    private static final class Rule extends Recurrence {
        private final double factor;
        private final long total;

        Rule(double factor, long total, long lastEpoch) {
            super(lastEpoch);
            this.factor = factor;
            this.total = total;
        }

        @Override
        double step(double lr, long e, double b) {
            if (e == 0) {
                return lr * factor;
            }
            return e != total ? lr : lr * Py.div(1.0, factor);
        }

        @Override
        double restart(double lr, double b) {
            return b * (factor + (0 >= total ? 1 : 0) * (1 - factor));
        }

        @Override
        double run(double lr, long e0, long e, double b) {
            return e0 < total && total <= e ? lr * Py.div(1.0, factor) : lr;
        }

        @Override
        boolean multiplicative() {
            return true;
        }

        @Override
        long firstFailure(long e0, long e) {
            return factor == 0 && e0 < total && total <= e ? total : Long.MAX_VALUE;
        }
    }
}
