package dev.anneal.samples.cli;

import dev.anneal.runtime.Optimizer;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;

/**
 * The optimizer options of {@code anneal train} and {@code anneal lr-find}, declared once and mixed in
 * with {@code @Mixin}: the optimizer and how it steps, as the run's header line
 * {@code optimizer: sgd(lr=0.1, momentum=0.9), batch 32, 20 epochs, seed 1} shows them ({@code --optimizer},
 * {@code --lr}, {@code --momentum}, {@code --weight-decay}, {@code --batch}, {@code --seed}).
 * <pre>{@code
 * @Mixin OptimizerOptions optimizer;
 * optimizer.check(spec);
 * Optimizer opt = optimizer.optimizer();   // sgd(lr=0.1, momentum=0.9) with the defaults
 * }</pre>
 */
final class OptimizerOptions {

    /** The optimizers. */
    enum Kind { SGD, ADAM, ADAMW }

    @Option(names = "--optimizer", paramLabel = "NAME", defaultValue = "sgd",
            description = "sgd, adam or adamw (default: ${DEFAULT-VALUE}).")
    Kind kind;

    @Option(names = "--lr", paramLabel = "X",
            description = "Base learning rate (default: 0.1 for sgd, 0.001 for adam and adamw).")
    Double lr;

    @Option(names = "--momentum", paramLabel = "M",
            description = "SGD's momentum, or Adam's beta1 (default: 0.9).")
    Double momentum;

    @Option(names = "--weight-decay", paramLabel = "W",
            description = "Weight decay (default: 0, and 0.01 for adamw).")
    Double weightDecay;

    @Option(names = "--batch", paramLabel = "N", defaultValue = "32",
            description = "Rows per batch (default: ${DEFAULT-VALUE}).")
    int batch;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "1",
            description = "Seed of the initial weights, the shuffling and the CSV split (default: ${DEFAULT-VALUE}).")
    long seed;

    /** A batch of at least one row and a finite learning rate above 0, else a usage error of {@code command}. */
    void check(CommandSpec command) {
        UserErrors.requirePositive(command, "--batch", batch);
        if (lr != null && !(lr > 0 && Double.isFinite(lr))) {
            throw UserErrors.usage(command, "--lr must be a finite number > 0, got " + lr);
        }
    }

    /** The optimizer, with each option not given at its default for the kind. */
    Optimizer optimizer() {
        Optimizer opt = switch (kind) {
            case SGD -> Optimizer.sgd(lr != null ? lr : 0.1).momentum(momentum != null ? momentum : 0.9);
            case ADAM -> Optimizer.adam(lr != null ? lr : 1e-3);
            case ADAMW -> Optimizer.adamW(lr != null ? lr : 1e-3);
        };
        if (kind != Kind.SGD && momentum != null) {
            opt = opt.betas(momentum, opt.beta2());
        }
        if (weightDecay != null) {
            opt = opt.weightDecay(weightDecay);
        }
        return opt;
    }
}
