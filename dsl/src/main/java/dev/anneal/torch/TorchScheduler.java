package dev.anneal.torch;

import dev.anneal.Schedule;
import dev.anneal.Span;

/**
 * A scheduler of PyTorch's {@code torch.optim.lr_scheduler} as an Anneal {@link Schedule}: the graph's
 * time {@code t} is PyTorch's {@code last_epoch} counter ({@code t = 0} is the value right after
 * construction; with {@code last_epoch = L >= 0} given, {@code t = 0} is epoch {@code L + 1}) and the
 * graph's base is the param group's learning rate. Each record is named as the PyTorch class, with its
 * keyword names, defaults, validation and values step for step.
 * <pre>{@code
 * TorchScheduler s = new StepLR(3, 0.5);
 * s.compile().lr(3, 0.1);          // 0.05, as StepLR(opt, step_size=3, gamma=0.5) after 3 steps
 * s.toString();                    // "StepLR(step_size=3, gamma=0.5)"
 * }</pre>
 */
public sealed interface TorchScheduler extends Schedule
        permits LambdaLR, MultiplicativeLR, StepLR, MultiStepLR, ConstantLR, LinearLR, ExponentialLR, SequentialLR,
        CosineAnnealingLR, ChainedScheduler, ReduceLROnPlateau, CyclicLR, CosineAnnealingWarmRestarts, OneCycleLR,
        PolynomialLR {

    /** PyTorch's {@code last_epoch} argument: -1 for a fresh start (schedulers without one answer -1). */
    long last_epoch();

    /** None: a PyTorch scheduler runs as long as it is stepped (put {@code .lasting(n)} on it to end it). */
    @Override
    default Span duration() {
        return null;
    }

    /**
     * The base to evaluate this scheduler's graph with, for a param group that holds {@code lr} and
     * {@code initialLr} ({@code param_group['initial_lr']}, null when the group has none) when the
     * scheduler is constructed. Without {@code initial_lr} both are the group's lr. PyTorch's chainable
     * schedulers (StepLR, MultiStepLR, ConstantLR, LinearLR, ExponentialLR, PolynomialLR,
     * MultiplicativeLR) continue from the group's lr, so a resumed one takes {@code lr}; LambdaLR,
     * CosineAnnealingLR, CosineAnnealingWarmRestarts, CyclicLR and SequentialLR compute from
     * {@code initial_lr}. (A fresh CosineAnnealingLR on a group whose lr differs from its initial_lr needs
     * both until its first trough; it takes the lr.)
     *
     * @param group index of the param group, for the error message
     * @throws TorchSchedulerException {@code KeyError} when the scheduler resumes ({@code last_epoch >= 0})
     *                                 and the group has no {@code initial_lr}, as PyTorch raises
     */
    default double base(int group, double lr, Double initialLr) {
        Groups.requireInitialLr(this, group, initialLr);
        return lr;
    }
}
