package dev.anneal.samples.sweep;

import dev.anneal.Schedule;
import dev.anneal.runtime.History;
import dev.anneal.runtime.Mlp;
import dev.anneal.runtime.RunFolder;
import dev.anneal.runtime.Split;
import dev.anneal.runtime.folder.SavedRun;
import dev.anneal.runtime.sweep.TrialConfig;
import dev.anneal.runtime.sweep.TrialTask;
import dev.anneal.runtime.sweep.TrialTrainer;
import dev.anneal.samples.train.Experiment;
import dev.anneal.samples.train.TrainingSession;

/**
 * Trains a sweep's trials the way {@code anneal train} trains a run, so that each trial folder has
 * the same files (checkpoints, {@code run.json}, history, plots, {@code final.ckpt}).
 *
 * <pre>{@code
 * TrialTrainer trainer = SessionTrials.of(mlp, data.split());
 * }</pre>
 */
public final class SessionTrials {
    private SessionTrials() {
    }

    /** Trains {@code mlp} on {@code data} (shared by all trials) with each trial's configuration. */
    public static TrialTrainer of(Mlp mlp, Split data) {
        return task -> train(mlp, data, task);
    }

    private static History train(Mlp mlp, Split data, TrialTask task) {
        TrialConfig c = task.trial().config();
        Experiment experiment = Experiment.defaults().mlp(mlp).optimizer(c.newOptimizer())
                .schedule(Schedule.parse(c.schedule())).batchSize(c.batchSize()).epochs(c.epochs()).seed(c.seed());
        TrainingSession session = TrainingSession.of(experiment, data)
                .runFolder(RunFolder.at(task.folderPath()).keep(1).fact("trial", task.trial().name()), false);
        if (!task.lastEpochs()) {
            session.stopAfter(task.untilEpoch());
        }
        session.run();
        return SavedRun.read(task.folderPath()).orElseThrow().history();
    }
}
