package dev.anneal.runtime.rangetest;

import dev.anneal.Schedule;

/**
 * How an {@link LrRangeTest} raises the learning rate from {@code minLr} at its first step to
 * {@code maxLr} at its last. Either way the ramp is an ordinary schedule applied to the base
 * learning rate {@code minLr}, and prints as one.
 *
 * <pre>{@code
 * Schedule ramp = LrRamp.EXPONENTIAL.schedule(1e-7, 10, 100);   // exponential(gamma=1.2045...)
 * ramp.compile().lr(99, 1e-7);                                   // 10 (to rounding)
 * }</pre>
 */
public enum LrRamp {
    /** Equal factors per step: {@code exponential(gamma=(maxLr/minLr)^(1/(steps-1)))}, as fastai and Lightning. */
    EXPONENTIAL,
    /** Equal increments per step: {@code linear(steps-1, startFactor=1.0, endFactor=maxLr/minLr)}. */
    LINEAR;

    /** The schedule that, on base {@code minLr}, gives {@code minLr} at step 0 and {@code maxLr} at step {@code steps - 1}. */
    public Schedule schedule(double minLr, double maxLr, int steps) {
        double ratio = maxLr / minLr;
        return switch (this) {
            case EXPONENTIAL -> Schedule.exponential(Math.pow(ratio, 1.0 / (steps - 1)));
            case LINEAR -> Schedule.linear(steps - 1).startFactor(1.0).endFactor(ratio);
        };
    }
}
