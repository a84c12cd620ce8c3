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
 * Trains a sweep's trials the way {@code anneal train} trains a run, saving only what resuming and
 * the leaderboard need: {@code run.json}, {@code epochs.jsonl}, a checkpoint at each rung the trial
 * stops at ({@link RunFolder#checkpointAtStopsOnly}), {@code history.csv}, and {@code final.ckpt}
 * when it finishes; with {@code charts}, also the charts and {@code history.json} of a run.
 *
 * <pre>{@code
 * TrialTrainer trainer = SessionTrials.of(mlp, data.split(), false);
 * }</pre>
 */
public final class SessionTrials {
    private SessionTrials() {
    }

    /**
     * Trains {@code mlp} on {@code data} (shared by all trials) with each trial's configuration;
     * {@code charts}: each trial folder also gets a run's charts.
     */
    public static TrialTrainer of(Mlp mlp, Split data, boolean charts) {
        return task -> train(mlp, data, charts, task);
    }

    private static History train(Mlp mlp, Split data, boolean charts, TrialTask task) {
        TrialConfig c = task.trial().config();
        Experiment experiment = Experiment.defaults().mlp(mlp).optimizer(c.newOptimizer())
                .schedule(Schedule.parse(c.schedule())).batchSize(c.batchSize()).epochs(c.epochs()).seed(c.seed());
        TrainingSession session = TrainingSession.of(experiment, data)
                .runFolder(RunFolder.at(task.folderPath()).keep(1).checkpointAtStopsOnly()
                        .fact("trial", task.trial().name()), false)
                .charts(charts);
        if (!task.lastEpochs()) {
            session.stopAfter(task.untilEpoch());
        }
        session.run();
        return SavedRun.read(task.folderPath()).orElseThrow().history();
    }
}
