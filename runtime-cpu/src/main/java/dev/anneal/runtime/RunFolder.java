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
 * <li>At the end, {@code final.ckpt} (with the whole history inside, so it resumes anywhere) and
 *     whatever {@link #products} writes; then the status says {@code finished}.</li>
 * </ul>
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
 */
public record RunFolder(Path dir, int checkpointEvery, int keep, boolean keepBest, boolean restart,
                        Map<String, Object> facts, Products products) {
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
        return new RunFolder(dir, 1, 3, false, false, Map.of(), null);
    }

    /** The same, with a checkpoint every {@code epochs} epochs (and at a {@link Trainer.Builder#stopAfter} stop). */
    public RunFolder checkpointEvery(int epochs) {
        return new RunFolder(dir, epochs, keep, keepBest, restart, facts, products);
    }

    /** The same, keeping the newest {@code checkpoints} epoch checkpoints ({@link #KEEP_ALL}: all). */
    public RunFolder keep(int checkpoints) {
        if (checkpoints < 1 && checkpoints != KEEP_ALL) {
            throw new IllegalArgumentException("checkpoints to keep must be >= 1 (or KEEP_ALL), got " + checkpoints);
        }
        return new RunFolder(dir, checkpointEvery, checkpoints, keepBest, restart, facts, products);
    }

    /** The same, also keeping {@code checkpoints/best.ckpt}, the epoch with the best monitored metric. */
    public RunFolder keepBest(boolean keepBest) {
        return new RunFolder(dir, checkpointEvery, keep, keepBest, restart, facts, products);
    }

    /** The same, discarding (when {@code true}) a run the folder holds instead of refusing or resuming it. */
    public RunFolder restart(boolean restart) {
        return new RunFolder(dir, checkpointEvery, keep, keepBest, restart, facts, products);
    }

    /** The same, with {@code key: value} in {@code run.json} (a string, number, boolean, list or map). */
    public RunFolder fact(String key, Object value) {
        Map<String, Object> more = new LinkedHashMap<>(facts);
        more.put(Objects.requireNonNull(key, "key"), value);
        return new RunFolder(dir, checkpointEvery, keep, keepBest, restart, more, products);
    }

    /** The same, with {@code products} written when the run ends (finished or stopped). */
    public RunFolder products(Products products) {
        return new RunFolder(dir, checkpointEvery, keep, keepBest, restart, facts, products);
    }
}
