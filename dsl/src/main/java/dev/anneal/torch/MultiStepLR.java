package dev.anneal.torch;

import dev.anneal.graph.Curve;
import dev.anneal.graph.Frame;
import java.util.List;
import java.util.Objects;

/**
 * PyTorch's {@code MultiStepLR(optimizer, milestones, gamma=0.1, last_epoch=-1)}: the lr is multiplied
 * by {@code gamma} at each milestone. As in PyTorch the milestones are a multiset, neither sorted nor
 * checked: {@code [3, 3, 5]} multiplies by {@code gamma^2} at epoch 3, a milestone 0 applies at
 * construction and negative ones never fire; {@code lr = base * gamma ** (number of milestones <= e)}.
 * <pre>{@code
 * MultiStepLR s = new MultiStepLR(List.of(30L, 80L), 0.1);   // MultiStepLR(milestones=[30, 80])
 * s.compile().lr(80, 1.0);                                   // 0.01 (up to rounding)
 * }</pre>
 *
 * @param milestones epochs at which to decay, as given
 * @param gamma      the decay factor
 * @param last_epoch -1 for a fresh start; {@code L >= 0} resumes from the group's lr at epoch {@code L + 1}
 */
public record MultiStepLR(List<Long> milestones, double gamma, long last_epoch) implements TorchScheduler {

    /** Copies the milestones. */
    public MultiStepLR {
        Objects.requireNonNull(milestones, "milestones");
        milestones = List.copyOf(milestones);
        Groups.checkLastEpoch("MultiStepLR", last_epoch);
    }

    /** {@code MultiStepLR(milestones, gamma)}. */
    public MultiStepLR(List<Long> milestones, double gamma) {
        this(milestones, gamma, -1);
    }

    @Override
    public Curve curve(Frame frame) {
        return recurrence().standalone();
    }

    Recurrence recurrence() {
        return new Rule(milestones, gamma, last_epoch);
    }

    @Override
    public String toString() {
        return new Text("MultiStepLR").arg("milestones", milestones).arg("gamma", gamma, 0.1)
                .arg("last_epoch", last_epoch, -1).toString();
    }

    private static final class Rule extends Recurrence {
        private final long[] sorted;
        private final double gamma;

        Rule(List<Long> milestones, double gamma, long lastEpoch) {
            super(lastEpoch);
            this.sorted = milestones.stream().mapToLong(Long::longValue).sorted().toArray();
            this.gamma = gamma;
        }

        /** How many milestones are {@code <= e} (Python's {@code bisect_right}). */
        private long upTo(long e) {
            int lo = 0;
            int hi = sorted.length;
            while (lo < hi) {
                int mid = (lo + hi) >>> 1;
                if (e < sorted[mid]) {
                    hi = mid;
                } else {
                    lo = mid + 1;
                }
            }
            return lo;
        }

        @Override
        double step(double lr, long e, double b) {
            long count = upTo(e) - upTo(e - 1);
            return count == 0 ? lr : lr * Math.pow(gamma, count);
        }

        @Override
        double restart(double lr, double b) {
            return b * Math.pow(gamma, upTo(0));
        }

        @Override
        double run(double lr, long e0, long e, double b) {
            long count = e <= e0 ? 0 : upTo(e) - upTo(e0);
            return count == 0 ? lr : lr * Math.pow(gamma, count);
        }

        @Override
        boolean multiplicative() {
            return true;
        }
    }
}
