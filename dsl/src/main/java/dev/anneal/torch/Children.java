package dev.anneal.torch;

import dev.anneal.Schedule;
import dev.anneal.ScheduleException;
import java.util.List;

/**
 * The schedulers inside {@link SequentialLR} or {@link ChainedScheduler}: PyTorch constructs them in
 * list order on one optimizer, so each one's base lr is the group's {@code initial_lr} at that moment
 * (set by the first of them; CyclicLR first sets the lr to its {@code base_lr}; OneCycleLR overwrites
 * it with {@code max_lr / div_factor}).
 */
final class Children {
    final Recurrence[] rules;
    /** Each child's base lr: NaN for the graph's base, else a constant. */
    final double[] bases;
    /** The lr a child writes into the group before its initial step (CyclicLR's base_lr), else NaN. */
    final double[] presets;
    /** The group's initial_lr once all are constructed: NaN for the graph's base, else a constant. */
    final double initialLr;

    Children(String owner, List<TorchScheduler> schedulers) {
        int n = schedulers.size();
        rules = new Recurrence[n];
        bases = new double[n];
        presets = new double[n];
        Double initial = null;
        int oneCycles = 0;
        for (int i = 0; i < n; i++) {
            TorchScheduler s = schedulers.get(i);
            if (s.last_epoch() != -1) {
                throw new ScheduleException(owner + ": schedulers[" + i + "] = " + s
                        + " resumes (last_epoch >= 0); Anneal supports only fresh schedulers inside " + owner);
            }
            presets[i] = Double.NaN;
            rules[i] = rule(owner, s, i);
            if (s instanceof CyclicLR c) {
                presets[i] = c.base_lr();
                initial = initial == null ? c.base_lr() : initial;
            } else if (s instanceof OneCycleLR o) {
                if (++oneCycles > 1) {
                    throw new ScheduleException(owner + ": more than one OneCycleLR share the group's max_lr and "
                            + "initial_lr in PyTorch; Anneal does not support it");
                }
                initial = o.recurrence().initialLr();
            } else if (!(s instanceof ReduceLROnPlateau)) {
                initial = initial == null ? Double.NaN : initial;
            }
            bases[i] = initial == null ? Double.NaN : initial;
        }
        initialLr = initial == null ? Double.NaN : initial;
    }

    /** Child i's base lr for the graph's base {@code base}. */
    double base(int i, double base) {
        return Double.isNaN(bases[i]) ? base : bases[i];
    }

    /** The lr after all children were constructed in order from the group's lr {@code base}. */
    double construct(double base) {
        double lr = base;
        for (int i = 0; i < rules.length; i++) {
            if (!Double.isNaN(presets[i])) {
                lr = presets[i];
            }
            lr = rules[i].construct(lr, base(i, base));
        }
        return lr;
    }

    private static Recurrence rule(String owner, Schedule s, int i) {
        if (s instanceof LambdaLR x) {
            return x.recurrence();
        } else if (s instanceof MultiplicativeLR x) {
            return x.recurrence();
        } else if (s instanceof StepLR x) {
            return x.recurrence();
        } else if (s instanceof MultiStepLR x) {
            return x.recurrence();
        } else if (s instanceof ConstantLR x) {
            return x.recurrence();
        } else if (s instanceof LinearLR x) {
            return x.recurrence();
        } else if (s instanceof ExponentialLR x) {
            return x.recurrence();
        } else if (s instanceof CosineAnnealingLR x) {
            return x.recurrence();
        } else if (s instanceof PolynomialLR x) {
            return x.recurrence();
        } else if (s instanceof CosineAnnealingWarmRestarts x) {
            return x.recurrence();
        } else if (s instanceof CyclicLR x) {
            return x.recurrence();
        } else if (s instanceof OneCycleLR x) {
            return x.recurrence();
        } else if (s instanceof ReduceLROnPlateau) {
            return new PlateauChild();
        }
        throw new ScheduleException(owner + ": schedulers[" + i + "] must be one of PyTorch's schedulers other than "
                + "SequentialLR and ChainedScheduler, got " + s);
    }

    /**
     * ReduceLROnPlateau among schedulers stepped without a metric: its {@code step()} raises
     * {@code TypeError}; after SequentialLR's {@code step(0)} (the metric 0) PyTorch 1.13 asks it for
     * {@code get_last_lr()}, which it does not have.
     */
    private static final class PlateauChild extends Recurrence {
        PlateauChild() {
            super(-1);
        }

        @Override
        double construct(double lr, double b) {
            return lr;
        }

        @Override
        double step(double lr, long e, double b) {
            throw Py.typeError("ReduceLROnPlateau.step() missing 1 required positional argument: 'metrics'");
        }

        @Override
        double restart(double lr, double b) {
            throw new TorchSchedulerException("AttributeError", "'ReduceLROnPlateau' object has no attribute 'get_last_lr'");
        }

        @Override
        double run(double lr, long e0, long e, double b) {
            return e <= e0 ? lr : step(lr, e0 + 1, b);
        }

        @Override
        boolean multiplicative() {
            return true;
        }

        @Override
        long firstFailure(long e0, long e) {
            return e > e0 ? e0 + 1 : Long.MAX_VALUE;
        }
    }
}
