package dev.anneal.runtime.sweep;

import dev.anneal.Schedule;
import dev.anneal.runtime.History;
import dev.anneal.runtime.Mlp;
import dev.anneal.runtime.RunFolder;
import dev.anneal.runtime.Split;
import dev.anneal.runtime.Trainer;
import java.io.Serializable;

/**
 * Trains one {@link TrialTask}: builds the trial's trainer with a {@link RunFolder} at the task's
 * folder, so that the run continues what the folder holds, stops after the task's epoch with the
 * status {@code stopped} (resumable), or finishes. Returns the history so far.
 *
 * <pre>{@code
 * TrialTrainer trainer = TrialTrainer.of(Mlp.input(20).dense(64, Activation.RELU).dense(2), data.split(800));
 * History h = trainer.train(new TrialTask(trial, "sweeps/a/trials/trial-001", 2));
 * }</pre>
 * Implementations are called from several threads at once, one task per trial at a time.
 */
@FunctionalInterface
public interface TrialTrainer extends Serializable {
    /** Runs {@code task} and returns the trial's history up to {@code task.untilEpoch()}. */
    History train(TrialTask task);

    /** Trains {@code mlp} on {@code data} (shared by all trials, never copied), each trial with its configuration. */
    static TrialTrainer of(Mlp mlp, Split data) {
        return task -> {
            TrialConfig c = task.trial().config();
            Trainer trainer = Trainer.builder(mlp)
                    .optimizer(c.newOptimizer())
                    .schedule(Schedule.parse(c.schedule()))
                    .batchSize(c.batchSize()).epochs(c.epochs()).seed(c.seed())
                    .runFolder(RunFolder.at(task.folderPath()).keep(1).checkpointAtStopsOnly().fact("trial", task.trial().name()))
                    .stopAfter(task.lastEpochs() ? 0 : task.untilEpoch())
                    .build();
            return trainer.fit(data);
        };
    }
}
