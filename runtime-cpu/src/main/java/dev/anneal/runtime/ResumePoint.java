package dev.anneal.runtime;

import java.nio.file.Path;
import java.util.List;

/**
 * Where a resumed run continues: the checkpoint, the epoch and step it holds, the epochs restored
 * from it, the changes to the configuration that were accepted (more epochs for a schedule that
 * does not depend on the run's length), and the newer checkpoints of its {@link RunFolder} that were
 * passed over because they do not read back (a crash truncated them).
 *
 * <pre>{@code
 * .listener(new TrainingListener() {
 *     public void onEpochEnd(EpochRecord e, Trainer t) { }
 *     public void onResume(ResumePoint p, Trainer t) { System.out.println("resuming from " + p.checkpoint()); }
 * })
 * }</pre>
 *
 * @param checkpoint the checkpoint read, or null when the run starts again from epoch 1 because no
 *                   checkpoint reads back
 * @param epoch      epochs completed in it
 * @param step       optimizer steps completed in it
 * @param restored   the history of those epochs, as recorded
 * @param accepted   accepted changes, one line each
 * @param skipped    checkpoints passed over, newest first, one {@code "file: why"} each (relative to
 *                   the run folder)
 */
public record ResumePoint(Path checkpoint, int epoch, long step, List<EpochRecord> restored, List<String> accepted,
                          List<String> skipped) {

    /** Copies the lists. */
    public ResumePoint {
        restored = List.copyOf(restored);
        accepted = List.copyOf(accepted);
        skipped = List.copyOf(skipped);
    }
}
