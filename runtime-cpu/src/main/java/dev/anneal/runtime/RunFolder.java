package dev.anneal.runtime;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Where a run keeps what it saves as it goes, so that it survives a crash: give it to
 * {@link Trainer.Builder#runFolder} and running the same code again continues the run.
 *
 * <pre>{@code
 * Trainer trainer = Trainer.builder(mlp).optimizer(Optimizer.sgd(0.1).momentum(0.9))
 *         .schedule(warmup(2.epochs()).then(cosine())).epochs(200)
 *         .runFolder(RunFolder.at(Path.of("runs/a")).keep(3).keepBest(true))
 *         .build();
 * History history = trainer.fit(split);   // after a crash, the same call resumes from runs/a
 * }</pre>
 *
 * <p>The folder holds, as they are written (each file atomically: temporary file, rename, fsync):
 * <ul>
 * <li>{@code checkpoints/epoch-NNNN.ckpt} every {@link #checkpointEvery} epochs, the newest
 *     {@link #keep} of them, and {@code checkpoints/last.ckpt}, the newest under a fixed name (a hard
 *     link: no extra space); with {@link #keepBest}, {@code checkpoints/best.ckpt}, the epoch with the
 *     best monitored metric. A checkpoint's size does not grow with the epochs: the history is kept
 *     in {@code epochs.jsonl}, one line per epoch, appended and forced to disk as each epoch ends.</li>
 * <li>{@code run.json}: the configuration, the schedule, the device, the status ({@code running},
 *     {@code stopped} after {@link Trainer.Builder#stopAfter}, {@code finished}, {@code diverged},
 *     {@code failed}) and the last completed epoch.</li>
 * <li>{@code events.out.tfevents.<time>.<host>}: TensorBoard's event file, as the epochs end (the
 *     losses, the accuracy, the learning rates, the schedule's text; one file per process that ran).</li>
 * <li>At the end, {@code final.ckpt} (with the whole history inside, so it resumes anywhere) and
 *     whatever {@link #products} writes; then the status says {@code finished}.</li>
 * </ul>
 *
 * <p>What the files say is the run's state, whatever order a crash left them in: the newest
 * checkpoint that reads back whole is where the run continues, even when {@code run.json} had not
 * caught up with it, and a truncated or damaged newest checkpoint is passed over for the newest
 * intact one ({@link ResumePoint#skipped} names it).
 *
 * <p>{@link #checkpointAtStopsOnly} trades that per-epoch safety for speed, for runs that go in
 * steps and are cheap to redo (a sweep's trials).
 *
 * <p>{@link Trainer#fit} on a folder that holds an unfinished run of the same configuration (see
 * {@link RunFolderConflictException} for what counts) continues from its newest checkpoint and
 * tells the listeners ({@link TrainingListener#onResume}); the finished history equals an
 * uninterrupted run's. A folder with another configuration, a finished or diverged run, a file, or
 * files that are not a run is refused with nothing changed, unless {@link #restart} discards the
 * run it holds.
 *
 * @param dir             the folder
 * @param checkpointEvery epochs between checkpoints, {@code >= 1}
 * @param keep            epoch checkpoints kept, {@code >= 1}, or {@link #KEEP_ALL}
 * @param keepBest        whether to keep {@code checkpoints/best.ckpt}
 * @param restart         whether to discard a run the folder holds
 * @param facts           more facts for {@code run.json} (the command line, say)
 * @param products        writes the end products of a finished or stopped run, or null
 * @param atStopsOnly     whether to save only at {@link Trainer.Builder#stopAfter} stops and at the end
 *                        ({@link #checkpointAtStopsOnly})
 */
public record RunFolder(Path dir, int checkpointEvery, int keep, boolean keepBest, boolean restart,
                        Map<String, Object> facts, Products products, boolean atStopsOnly) {
    /** {@link #keep} value that keeps every epoch checkpoint. */
    public static final int KEEP_ALL = 0;

    /** Writes files into the folder when the run ends, before its status says finished. */
    @FunctionalInterface
    public interface Products {
        /** Writes files for {@code history} into {@code dir}. */
        void write(History history, Path dir) throws IOException;
    }

    /** Checks the values and copies the facts. */
    public RunFolder {
        Objects.requireNonNull(dir, "dir");
        if (checkpointEvery < 1) {
            throw new IllegalArgumentException("checkpoint interval must be >= 1 epoch, got " + checkpointEvery);
        }
        if (keep < 0) {
            throw new IllegalArgumentException("checkpoints to keep must be >= 1 (or KEEP_ALL), got " + keep);
        }
        facts = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(facts));
    }

    /** A run folder at {@code dir}: a checkpoint every epoch, the newest 3 kept. */
    public static RunFolder at(Path dir) {
        return new RunFolder(dir, 1, 3, false, false, Map.of(), null, false);
    }

    /** The same, with a checkpoint every {@code epochs} epochs (and at a {@link Trainer.Builder#stopAfter} stop). */
    public RunFolder checkpointEvery(int epochs) {
        return new RunFolder(dir, epochs, keep, keepBest, restart, facts, products, atStopsOnly);
    }

    /** The same, keeping the newest {@code checkpoints} epoch checkpoints ({@link #KEEP_ALL}: all). */
    public RunFolder keep(int checkpoints) {
        if (checkpoints < 1 && checkpoints != KEEP_ALL) {
            throw new IllegalArgumentException("checkpoints to keep must be >= 1 (or KEEP_ALL), got " + checkpoints);
        }
        return new RunFolder(dir, checkpointEvery, checkpoints, keepBest, restart, facts, products, atStopsOnly);
    }

    /** The same, also keeping {@code checkpoints/best.ckpt}, the epoch with the best monitored metric. */
    public RunFolder keepBest(boolean keepBest) {
        return new RunFolder(dir, checkpointEvery, keep, keepBest, restart, facts, products, atStopsOnly);
    }

    /** The same, discarding (when {@code true}) a run the folder holds instead of refusing or resuming it. */
    public RunFolder restart(boolean restart) {
        return new RunFolder(dir, checkpointEvery, keep, keepBest, restart, facts, products, atStopsOnly);
    }

    /** The same, with {@code key: value} in {@code run.json} (a string, number, boolean, list or map). */
    public RunFolder fact(String key, Object value) {
        Map<String, Object> more = new LinkedHashMap<>(facts);
        more.put(Objects.requireNonNull(key, "key"), value);
        return new RunFolder(dir, checkpointEvery, keep, keepBest, restart, more, products, atStopsOnly);
    }

    /** The same, with {@code products} written when the run ends (finished or stopped). */
    public RunFolder products(Products products) {
        return new RunFolder(dir, checkpointEvery, keep, keepBest, restart, facts, products, atStopsOnly);
    }

    /**
     * The same, saving only where the run stops ({@link Trainer.Builder#stopAfter}) and where it
     * ends: no epoch checkpoints in between, {@code epochs.jsonl} and {@code run.json} forced to disk
     * together with those checkpoints instead of at every epoch, and no {@code final.ckpt} beside a
     * stop's epoch checkpoint. A crash then loses at most the epochs since the last stop, which the
     * continued run trains again; the numbers come out the same. Meant for runs that go in steps and
     * are cheap to redo, as a sweep's trials:
     * <pre>{@code
     * RunFolder.at(trialDir).keep(1).checkpointAtStopsOnly()
     * }</pre>
     */
    public RunFolder checkpointAtStopsOnly() {
        return new RunFolder(dir, checkpointEvery, keep, keepBest, restart, facts, products, true);
    }
}
