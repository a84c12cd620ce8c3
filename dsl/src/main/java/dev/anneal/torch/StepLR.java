package dev.anneal.torch;

import dev.anneal.graph.Curve;
import dev.anneal.graph.Frame;

/**
 * PyTorch's {@code StepLR(optimizer, step_size, gamma=0.1, last_epoch=-1)}: the lr is multiplied by
 * {@code gamma} at every epoch that is a multiple of {@code step_size}, so
 * {@code lr = base * gamma ** (e // step_size)} (evaluated in closed form). As in PyTorch,
 * {@code step_size = 0} is accepted and the first step raises {@code ZeroDivisionError}.
 * <pre>{@code
 * StepLR s = new StepLR(3, 0.5);          // StepLR(step_size=3, gamma=0.5)
 * s.compile().lr(6, 0.1);                 // 0.025
 * }</pre>
 *
 * @param step_size  epochs between decays
 * @param gamma      the decay factor
 * @param last_epoch -1 for a fresh start; {@code L >= 0} resumes from the group's lr at epoch {@code L + 1}
 */
public record StepLR(long step_size, double gamma, long last_epoch) implements TorchScheduler {

    /** Checks what PyTorch checks (nothing but the construction step) and {@code last_epoch}. */
    public StepLR {
        Groups.checkLastEpoch("StepLR", last_epoch);
        new Rule(step_size, gamma, last_epoch).checkConstruction();
    }

    /** {@code StepLR(step_size)} with gamma 0.1. */
    public StepLR(long step_size) {
        this(step_size, 0.1, -1);
    }

    /** {@code StepLR(step_size, gamma)}. */
    public StepLR(long step_size, double gamma) {
        this(step_size, gamma, -1);
    }

    @Override
    public Curve curve(Frame frame) {
        return recurrence().standalone();
    }

    Recurrence recurrence() {
        return new Rule(step_size, gamma, last_epoch);
    }

    @Override
    public String toString() {
        return new Text("StepLR").arg("step_size", step_size).arg("gamma", gamma, 0.1)
                .arg("last_epoch", last_epoch, -1).toString();
    }

    private static final class Rule extends Recurrence {
        private final long size;
        private final double gamma;

        Rule(long size, double gamma, long lastEpoch) {
            super(lastEpoch);
            this.size = size;
            this.gamma = gamma;
        }

        @Override
        double step(double lr, long e, double b) {
            if (e == 0) {
                return lr;
            }
            if (size == 0) {
                throw Py.zeroDivision("integer modulo by zero");
            }
            return e % size != 0 ? lr : lr * gamma;
        }

        @Override
        double restart(double lr, double b) {
            if (size == 0) {
                throw Py.zeroDivision("integer division or modulo by zero");
            }
            return b * Math.pow(gamma, 0);
        }

        @Override
        double run(double lr, long e0, long e, double b) {
            if (e <= e0) {
                return lr;
            }
            if (size == 0) {
                throw Py.zeroDivision("integer modulo by zero");
            }
            long n = Math.abs(size);
            return lr * Math.pow(gamma, Math.floorDiv(e, n) - Math.floorDiv(e0, n));
        }

        @Override
        boolean multiplicative() {
            return true;
        }

        @Override
        long firstFailure(long e0, long e) {
            return size == 0 && e > e0 ? e0 + 1 : Long.MAX_VALUE;
        }
    }
}
