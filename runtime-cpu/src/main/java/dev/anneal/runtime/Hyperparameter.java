package dev.anneal.runtime;

/**
 * A value of a param group that a schedule can drive at every step.
 *
 * <pre>{@code
 * trainer.schedule(Hyperparameter.MOMENTUM, Schedule.oneCycle().momentum());
 * }</pre>
 */
public enum Hyperparameter {
    /** The learning rate. */
    LR,
    /** SGD's momentum, or Adam's {@code beta1}. */
    MOMENTUM,
    /** The weight decay. */
    WEIGHT_DECAY
}
