package dev.anneal.torch;

import dev.anneal.graph.Curve;
import dev.anneal.graph.Frame;
import java.util.List;
import java.util.Objects;

/**
 * PyTorch's {@code ChainedScheduler(schedulers)}: every step, each scheduler steps in list order, each
 * updating the lr the previous one left. There is no reset and no initial step of its own: the value at
 * construction is the children's construction steps applied in order (for the docstring's
 * {@code ConstantLR(factor=0.1, total_iters=2)} then {@code ExponentialLR(gamma=0.9)}: 0.1, 0.09,
 * 0.81, 0.729...). When every child multiplies the lr by a factor of the epoch (StepLR, MultiStepLR,
 * ConstantLR, LinearLR, ExponentialLR, PolynomialLR, MultiplicativeLR with a constant lambda) the graph
 * is their product in closed form. Otherwise PyTorch's recursion has no closed form (CosineAnnealingLR's
 * step after a trough re-anchors on the base; LambdaLR, CyclicLR, OneCycleLR and
 * CosineAnnealingWarmRestarts overwrite the lr): it is tabulated when the graph is compiled, over the
 * clock's total steps ({@code Clock.totalSteps}), and beyond that the graph runs the recursion from the
 * table's end (allocation-free, linear in the distance). Children must be fresh ({@code last_epoch=-1}).
 * <pre>{@code
 * ChainedScheduler s = new ChainedScheduler(List.of(new ConstantLR(0.1, 2), new ExponentialLR(0.9)));
 * s.compile().lr(2, 1.0);   // 0.81
 * s.toString();             // ChainedScheduler(schedulers=[ConstantLR(factor=0.1, total_iters=2), ExponentialLR(gamma=0.9)])
 * }</pre>
 *
 * @param schedulers the chained schedulers, stepped in this order
 */
public record ChainedScheduler(List<TorchScheduler> schedulers) implements TorchScheduler {

    /** Checks the children and their construction steps. */
    public ChainedScheduler {
        Objects.requireNonNull(schedulers, "schedulers");
        schedulers = List.copyOf(schedulers);
        if (schedulers.isEmpty()) {
            throw new TorchSchedulerException("IndexError", "list index out of range");
        }
        new Children("ChainedScheduler", schedulers).construct(1.0);
    }

    /** ChainedScheduler has no {@code last_epoch} argument: -1. */
    @Override
    public long last_epoch() {
        return -1;
    }

    @Override
    public Curve curve(Frame frame) {
        Children children = new Children("ChainedScheduler", schedulers);
        Recurrence[] rules = children.rules;
        boolean product = true;
        for (Recurrence r : rules) {
            product &= r.multiplicative();
        }
        if (product) {
            return (t, base, state) -> {
                long fails = Long.MAX_VALUE;
                for (Recurrence r : rules) {
                    fails = Math.min(fails, r.firstFailure(0, t));
                }
                if (fails <= t) {
                    for (Recurrence r : rules) {
                        if (r.firstFailure(0, t) == fails) {
                            r.step(1.0, fails, base);
                        }
                    }
                }
                double lr = children.construct(base);
                for (Recurrence r : rules) {
                    lr = r.run(lr, 0, t, base);
                }
                return lr;
            };
        }
        return Table.curve(new Table.Recursion() {
            @Override
            public double start(double base) {
                return children.construct(base);
            }

            @Override
            public double step(double lr, long t, double base) {
                double v = lr;
                for (int i = 0; i < rules.length; i++) {
                    v = rules[i].step(v, t, children.base(i, base));
                }
                return v;
            }
        }, frame.clock().totalSteps());
    }

    @Override
    public String toString() {
        return new Text("ChainedScheduler").arg("schedulers", schedulers).toString();
    }
}
