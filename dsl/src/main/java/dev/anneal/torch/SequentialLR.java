package dev.anneal.torch;

import dev.anneal.graph.Curve;
import dev.anneal.graph.Frame;
import java.util.List;
import java.util.Objects;
import java.util.TreeSet;

/**
 * PyTorch's {@code SequentialLR(optimizer, schedulers, milestones, last_epoch=-1)}: the first scheduler
 * until the first milestone, the second until the next... with PyTorch's quirks. At construction the lr
 * is reset to the base and only the first scheduler's initial step is applied. At a milestone the next
 * scheduler gets {@code step(0)}: it restarts from its closed form at epoch 0 computed from the base
 * (so {@code ConstantLR(factor=0.1, total_iters=2)} then {@code ExponentialLR(gamma=0.9)} with
 * milestones {@code [2]} gives 0.1, 0.1, 1.0, 0.9...), except MultiplicativeLR, which keeps the current
 * lr. The milestones are neither sorted nor checked: PyTorch's {@code bisect_right} on the list as given
 * picks the scheduler, and a milestone {@code <= 0} never fires (the next scheduler then gets a plain
 * step from its epoch -1, applying its epoch-0 rule to the current lr). Evaluation is closed form per
 * segment between milestones. Children must be fresh ({@code last_epoch=-1}).
 * <pre>{@code
 * SequentialLR s = new SequentialLR(List.of(new LinearLR(0.1, 1.0, 5), new CosineAnnealingLR(15)), List.of(5L));
 * s.compile().lr(5, 0.1);   // 0.1
 * s.toString();             // SequentialLR(schedulers=[LinearLR(start_factor=0.1), CosineAnnealingLR(T_max=15)], milestones=[5])
 * }</pre>
 *
 * @param schedulers the schedulers, in order
 * @param milestones the epochs at which the next scheduler starts, as given
 * @param last_epoch -1 for a fresh start; {@code L >= 0} shifts the milestones' clock by {@code L + 1}
 */
public record SequentialLR(List<TorchScheduler> schedulers, List<Long> milestones, long last_epoch)
        implements TorchScheduler {

    /** Checks the milestones' count and the first scheduler's initial step, as PyTorch does. */
    public SequentialLR {
        Objects.requireNonNull(schedulers, "schedulers");
        Objects.requireNonNull(milestones, "milestones");
        schedulers = List.copyOf(schedulers);
        milestones = List.copyOf(milestones);
        if (milestones.size() != schedulers.size() - 1) {
            throw Py.valueError("Sequential Schedulers expects number of schedulers provided to be one more than the "
                    + "number of milestone points, but got number of schedulers " + schedulers.size()
                    + " and the number of milestones to be equal to " + milestones.size());
        }
        Groups.checkLastEpoch("SequentialLR", last_epoch);
        Children children = new Children("SequentialLR", schedulers);
        if (schedulers.stream().allMatch(s -> s instanceof ReduceLROnPlateau)) {
            throw new TorchSchedulerException("KeyError", "initial_lr");
        }
        if (schedulers.get(0) instanceof ReduceLROnPlateau) {
            throw new TorchSchedulerException("AttributeError",
                    "'ReduceLROnPlateau' object has no attribute '_initial_step'");
        }
        children.construct(1.0);
        children.rules[0].step(1.0, 0, 1.0);
    }

    /** {@code SequentialLR(schedulers, milestones)}. */
    public SequentialLR(List<TorchScheduler> schedulers, List<Long> milestones) {
        this(schedulers, milestones, -1);
    }

    /** The lr is reset to {@code initial_lr} at construction: the base is the group's initial_lr. */
    @Override
    public double base(int group, double lr, Double initialLr) {
        return initialLr == null ? lr : initialLr;
    }

    @Override
    public Curve curve(Frame frame) {
        Children children = new Children("SequentialLR", schedulers);
        Segments seg = new Segments(milestones, last_epoch + 1);
        Recurrence[] rules = children.rules;
        Recurrence first = rules[0];
        return (t, base, state) -> {
            double b0 = Double.isNaN(children.initialLr) ? base : children.initialLr;
            double lr = first.step(b0, 0, children.base(0, base));
            long k = last_epoch + 1 + t;
            for (int i = 0; i < seg.starts.length && seg.starts[i] <= k; i++) {
                long end = i + 1 < seg.starts.length ? Math.min(k, seg.starts[i + 1] - 1) : k;
                Recurrence r = rules[seg.child[i]];
                double b = children.base(seg.child[i], base);
                long e = seg.epoch[i];
                switch (seg.how[i]) {
                    case Segments.RESTART -> lr = r.restart(lr, b);
                    case Segments.FIRST -> lr = r.step(lr, 0, b);
                    default -> lr = r.step(lr, e, b);
                }
                lr = r.run(lr, e, e + (end - seg.starts[i]), b);
            }
            return lr;
        };
    }

    @Override
    public String toString() {
        return new Text("SequentialLR").arg("schedulers", schedulers).arg("milestones", milestones)
                .arg("last_epoch", last_epoch, -1).toString();
    }

    /**
     * The steps after construction cut where the scheduler in charge changes or a milestone fires:
     * segment i covers SequentialLR epochs {@code starts[i] .. starts[i+1]-1}, run by scheduler
     * {@code child[i]}, which at {@code starts[i]} restarts ({@code step(0)}), takes its first plain step
     * (from epoch -1) or goes on; {@code epoch[i]} is that scheduler's epoch at {@code starts[i]}.
     */
    private static final class Segments {
        static final int RESTART = 0;
        static final int FIRST = 1;
        static final int GO_ON = 2;

        final long[] starts;
        final int[] child;
        final int[] how;
        final long[] epoch;

        Segments(List<Long> milestones, long offset) {
            long[] ms = milestones.stream().mapToLong(Long::longValue).toArray();
            TreeSet<Long> cuts = new TreeSet<>();
            cuts.add(offset + 1);
            for (long m : ms) {
                if (m > offset + 1) {
                    cuts.add(m);
                }
            }
            int n = cuts.size();
            starts = new long[n];
            child = new int[n];
            how = new int[n];
            epoch = new long[n];
            int previous = 0;
            long previousEnd = offset;
            long previousEpoch = 0;
            int i = 0;
            for (long k : cuts) {
                int idx = bisectRight(ms, k);
                starts[i] = k;
                child[i] = idx;
                if (idx > 0 && ms[idx - 1] == k) {
                    how[i] = RESTART;
                    epoch[i] = 0;
                } else if (idx != previous) {
                    how[i] = FIRST;
                    epoch[i] = 0;
                } else {
                    how[i] = GO_ON;
                    epoch[i] = previousEpoch + (k - previousEnd);
                }
                previous = idx;
                previousEnd = k;
                previousEpoch = epoch[i];
                i++;
            }
        }

        /** Python's {@code bisect.bisect_right} on the list as given (sorted or not). */
        static int bisectRight(long[] a, long x) {
            int lo = 0;
            int hi = a.length;
            while (lo < hi) {
                int mid = (lo + hi) / 2;
                if (x < a[mid]) {
                    hi = mid;
                } else {
                    lo = mid + 1;
                }
            }
            return lo;
        }
    }
}
