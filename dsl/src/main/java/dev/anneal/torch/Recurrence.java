package dev.anneal.torch;

import dev.anneal.graph.Curve;

/**
 * PyTorch's update rule of one scheduler for one param group: what {@code step()} does to the group's
 * lr at epoch {@code e}, given the scheduler's base lr {@code b} ({@code base_lrs[i]}). Standalone
 * schedulers, {@link SequentialLR} and {@link ChainedScheduler} are built from it. Implementations
 * give {@link #run} in closed form where PyTorch's recursion has one.
 */
abstract class Recurrence {
    /** PyTorch's {@code last_epoch} argument. */
    final long lastEpoch;

    Recurrence(long lastEpoch) {
        this.lastEpoch = lastEpoch;
    }

    /** The lr after a plain {@code step()} that brings the counter to {@code e >= 0}, from {@code lr}. */
    abstract double step(double lr, long e, double b);

    /**
     * The lr after {@code step(0)} (what SequentialLR calls at a milestone): the closed form at epoch 0
     * where the class has one, else its {@code get_lr()} at epoch 0.
     */
    abstract double restart(double lr, double b);

    /** The lr after the constructor's initial step, at epoch {@code lastEpoch + 1}. */
    double construct(double lr, double b) {
        return step(lr, lastEpoch + 1, b);
    }

    /** The lr after plain steps to {@code e0 + 1 .. e} from {@code lr} at {@code e0 >= 0}; throws what they throw. */
    double run(double lr, long e0, long e, double b) {
        double v = lr;
        for (long i = e0 + 1; i <= e; i++) {
            v = step(v, i, b);
        }
        return v;
    }

    /** Whether every step multiplies the lr by a factor that depends on the epoch only. */
    boolean multiplicative() {
        return false;
    }

    /** For a multiplicative rule: the first epoch in {@code (e0, e]} whose step raises, else {@code Long.MAX_VALUE}. */
    long firstFailure(long e0, long e) {
        return Long.MAX_VALUE;
    }

    /** The graph of the scheduler used on its own: time t is epoch {@code lastEpoch + 1 + t}. */
    Curve standalone() {
        long e0 = lastEpoch + 1;
        return (t, base, state) -> run(construct(base, base), e0, e0 + t, base);
    }

    /**
     * Checks that the constructor's initial step does not raise (PyTorch raises it from the constructor).
     * A resumed scheduler is left to raise when its graph is read at time 0: PyTorch first checks the
     * param groups' {@code initial_lr} ({@link TorchScheduler#base}).
     */
    Recurrence checkConstruction() {
        if (lastEpoch < 0) {
            construct(1.0, 1.0);
        }
        return this;
    }
}
