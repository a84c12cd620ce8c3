package dev.anneal.samples.cli;

import dev.anneal.Schedule;
import dev.anneal.samples.train.Experiment;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;

/**
 * The schedule options of {@code anneal train} ({@code --schedule}, {@code --epochs}), declared once and
 * mixed in with {@code @Mixin}: the learning-rate schedule and how many epochs it spans. {@code anneal
 * lr-find} takes them for {@code --then-train}.
 * <pre>{@code
 * @Mixin ScheduleOptions schedule;
 * schedule.check(spec);
 * Schedule s = schedule.schedule();   // warmup(2.epochs) then cosine() without --schedule
 * }</pre>
 */
final class ScheduleOptions {

    @Option(names = "--schedule", paramLabel = "EXPR", converter = ScheduleConverter.class,
            description = "The learning-rate schedule, in Anneal's text form or a PyTorch scheduler "
                    + "(default: warmup(2.epochs) then cosine()).")
    Schedule schedule;

    @Option(names = "--epochs", paramLabel = "N", defaultValue = "20",
            description = "Passes over the training rows (default: ${DEFAULT-VALUE}).")
    int epochs;

    /** At least one epoch, else a usage error of {@code command}. */
    void check(CommandSpec command) {
        UserErrors.requirePositive(command, "--epochs", epochs);
    }

    /** The schedule given, else {@link Experiment#DEFAULT_SCHEDULE}. */
    Schedule schedule() {
        return schedule != null ? schedule : Experiment.DEFAULT_SCHEDULE;
    }
}
