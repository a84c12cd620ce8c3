package dev.anneal.runtime;

import java.nio.file.Path;
import java.util.List;

/**
 * Where a resumed run continues: the checkpoint, the epoch and step it holds, the epochs restored
 * from it, and the changes to the configuration that were accepted (more epochs for a schedule that
 * does not depend on the run's length).
 *
 * <pre>{@code
 * .listener(new TrainingListener() {
 *     public void onEpochEnd(EpochRecord e, Trainer t) { }
 *     public void onResume(ResumePoint p, Trainer t) { System.out.println("resuming from " + p.checkpoint()); }
 * })
 * }</pre>
 *
 * @param checkpoint the checkpoint read
 * @param epoch      epochs completed in it
 * @param step       optimizer steps completed in it
 * @param restored   the history of those epochs, as recorded
 * @param accepted   accepted changes, one line each
 */
public record ResumePoint(Path checkpoint, int epoch, long step, List<EpochRecord> restored, List<String> accepted) {

    /** Copies the lists. */
    public ResumePoint {
        restored = List.copyOf(restored);
        accepted = List.copyOf(accepted);
    }
}
