package dev.anneal.torch;

import dev.anneal.graph.Curve;
import dev.anneal.graph.Frame;

/**
 * PyTorch's {@code ExponentialLR(optimizer, gamma, last_epoch=-1)}: {@code lr = base * gamma ** e}
 * (evaluated in closed form; {@code gamma > 1} grows, as PyTorch allows).
 * <pre>{@code
 * ExponentialLR s = new ExponentialLR(0.9);   // ExponentialLR(gamma=0.9)
 * s.compile().lr(2, 0.1);                     // 0.081
 * }</pre>
 *
 * @param gamma      the factor per epoch
 * @param last_epoch -1 for a fresh start; {@code L >= 0} resumes from the group's lr at epoch {@code L + 1}
 */
public record ExponentialLR(double gamma, long last_epoch) implements TorchScheduler {

    /** Checks {@code last_epoch}. */
    public ExponentialLR {
        Groups.checkLastEpoch("ExponentialLR", last_epoch);
    }

    /** {@code ExponentialLR(gamma)}. */
    public ExponentialLR(double gamma) {
        this(gamma, -1);
    }

    @Override
    public Curve curve(Frame frame) {
        return recurrence().standalone();
    }

    Recurrence recurrence() {
        return new Rule(gamma, last_epoch);
    }

    @Override
    public String toString() {
        return new Text("ExponentialLR").arg("gamma", gamma).arg("last_epoch", last_epoch, -1).toString();
    }

    private static final class Rule extends Recurrence {
        private final double gamma;

        Rule(double gamma, long lastEpoch) {
            super(lastEpoch);
            this.gamma = gamma;
        }

        @Override
        double step(double lr, long e, double b) {
            return e == 0 ? lr : lr * gamma;
        }

        @Override
        double restart(double lr, double b) {
            return b * Math.pow(gamma, 0);
        }

        @Override
        double run(double lr, long e0, long e, double b) {
            return e <= e0 ? lr : lr * Math.pow(gamma, e - e0);
        }

        @Override
        boolean multiplicative() {
            return true;
        }
    }
}
