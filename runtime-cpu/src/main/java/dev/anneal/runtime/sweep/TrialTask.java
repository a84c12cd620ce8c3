package dev.anneal.runtime.sweep;

import java.io.Serializable;
import java.nio.file.Path;

/**
 * A piece of work for a {@link TrialRunner}: train {@code trial} in {@code folder} (continuing the
 * run it holds) until the end of epoch {@code untilEpoch}, then stop with the run resumable (or,
 * when that is the last epoch, finish it).
 *
 * <pre>{@code
 * TrialTask task = new TrialTask(trial, "sweeps/a/trials/trial-001", 2);
 * }</pre>
 *
 * @param trial      the trial
 * @param folder     its run folder (a path text, so the task travels as plain values)
 * @param untilEpoch the epoch to stop after, {@code 1..trial.config().epochs()}
 */
public record TrialTask(Trial trial, String folder, int untilEpoch) implements Serializable {
    private static final long serialVersionUID = 1L;

    /** The run folder as a path. */
    public Path folderPath() {
        return Path.of(folder);
    }

    /** Whether this task runs the trial to its end. */
    public boolean lastEpochs() {
        return untilEpoch >= trial.config().epochs();
    }
}
