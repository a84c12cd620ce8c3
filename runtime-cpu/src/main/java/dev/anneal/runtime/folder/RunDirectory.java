package dev.anneal.runtime.folder;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.anneal.runtime.EpochRecord;
import dev.anneal.runtime.History;
import dev.anneal.runtime.Metric;
import dev.anneal.runtime.RunFolder;
import dev.anneal.runtime.RunFolderConflictException;
import dev.anneal.runtime.StepRecord;
import dev.anneal.runtime.Trainer;
import dev.anneal.runtime.training.Checkpoints;
import dev.anneal.runtime.training.TrainingRun;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A {@link RunFolder} at work during one {@link Trainer#fit}: decides whether to start, resume or
 * refuse (reading only), then keeps {@code run.json}, {@code epochs.jsonl} and the checkpoints as
 * the epochs end. Holds a lock on {@code .lock} so two processes cannot run the same folder.
 */
public final class RunDirectory implements AutoCloseable {
    static final String RUN_JSON = "run.json";
    static final String LOG = "epochs.jsonl";
    static final String CHECKPOINTS = "checkpoints";
    static final String FINAL = "final.ckpt";
    static final String LAST = "last.ckpt";
    static final String BEST = "best.ckpt";
    /** Where a checkpoint in {@link #CHECKPOINTS} finds the history, relative to its folder. */
    static final String LOG_FROM_CHECKPOINTS = "../" + LOG;
    private static final Pattern EPOCH_FILE = Pattern.compile("epoch-(\\d+)\\.ckpt");
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /** How a run ended, as {@code run.json} says. */
    public enum Status { RUNNING, STOPPED, FINISHED, DIVERGED, FAILED }

    private final RunFolder settings;
    private final Path dir;
    private final Path checkpoints;
    private final Path resumeFrom;
    private final Map<String, Object> saved;
    private final List<String> skipped;
    private FileChannel lockChannel;
    private FileLock lock;
    private RunIdentity identity;
    private String device;
    private String started;
    private int lastEpoch;
    private Path lastCheckpoint;
    private int checkpointEpoch;
    private int forcedEpoch;
    private Map<String, Object> best;

    private RunDirectory(RunFolder settings, Path dir, Path resumeFrom, Map<String, Object> saved,
                         List<String> skipped) {
        this.settings = settings;
        this.dir = dir;
        this.checkpoints = dir.resolve(CHECKPOINTS);
        this.resumeFrom = resumeFrom;
        this.saved = saved;
        this.skipped = List.copyOf(skipped);
    }

    /**
     * Looks at the folder and decides, changing nothing: a new run (missing or empty folder, or
     * {@link RunFolder#restart}, or a folder a crash left before its {@code run.json} was written),
     * or the continuation of the run it holds: from its newest checkpoint that reads back whole
     * (whatever {@code run.json} says: it may lag behind), or from epoch 1 when it has none.
     *
     * @param explicitResume a checkpoint the caller asked to resume from, or null
     * @throws RunFolderConflictException when the folder holds a run that must not be continued
     * @throws IllegalArgumentException   when it is a file, or holds files that are not a run
     */
    public static RunDirectory inspect(RunFolder settings, Path explicitResume) {
        Path dir = settings.dir().toAbsolutePath().normalize();
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            throw new IllegalArgumentException(settings.dir() + " is a file, not a folder");
        }
        if (!Files.exists(dir) || unstarted(dir)) {
            return new RunDirectory(settings, dir, null, null, List.of());
        }
        Path runJson = dir.resolve(RUN_JSON);
        if (!Files.isRegularFile(runJson)) {
            throw new IllegalArgumentException(settings.dir() + " holds files but no Anneal run (no " + RUN_JSON
                    + "); nothing in it was changed");
        }
        Map<String, Object> saved = readRunJson(runJson);
        if (settings.restart()) {
            return new RunDirectory(settings, dir, null, saved, List.of());
        }
        if (explicitResume != null) {
            throw new RunFolderConflictException(settings.dir(), "a run already", List.of(
                    "resume a checkpoint into a new folder, or run again without one to continue this run"));
        }
        Status status = status(saved);
        int epoch = ((Number) saved.getOrDefault("epoch", 0)).intValue();
        if (status == Status.FINISHED) {
            throw new RunFolderConflictException(settings.dir(), "a finished run (" + epoch + " epochs)", List.of());
        }
        if (status == Status.DIVERGED) {
            throw new RunFolderConflictException(settings.dir(), "a run that diverged after epoch " + epoch,
                    List.of(String.valueOf(saved.get("error"))));
        }
        List<String> skipped = new ArrayList<>();
        Path newest = newestIntact(dir, skipped);
        return new RunDirectory(settings, dir, newest, saved, skipped);
    }

    /**
     * The checkpoint a run in {@code dir} continues from: the one with the most epochs among
     * {@code checkpoints/epoch-N.ckpt} and {@code final.ckpt} that reads back whole (an epoch
     * checkpoint before {@code final.ckpt} of as many epochs), or null when none does. Each newer one
     * that does not read back (truncated, damaged, not a checkpoint) is added to {@code skipped} as
     * {@code "file: why"}; one written by a newer Anneal is not passed over but refused.
     */
    static Path newestIntact(Path dir, List<String> skipped) {
        Intact found = intact(dir, skipped);
        return found == null ? null : found.file();
    }

    /** A checkpoint that reads back whole, and the epochs it holds. */
    record Intact(Path file, int epoch) {
    }

    /** {@link #newestIntact}, with the epochs the checkpoint holds. */
    static Intact intact(Path dir, List<String> skipped) {
        List<Path> candidates = new ArrayList<>(epochCheckpoints(dir.resolve(CHECKPOINTS)));
        Collections.reverse(candidates);
        Path last = dir.resolve(FINAL);
        if (Files.isRegularFile(last)) {
            int at = 0;
            long finalEpoch = epochIn(last, skipped);
            while (at < candidates.size() && epochOf(candidates.get(at)) >= finalEpoch) {
                at++;
            }
            if (finalEpoch >= 0) {
                candidates.add(at, last);
            }
        }
        for (Path p : candidates) {
            try {
                Object epoch = CheckpointFile.header(p).get("epoch");
                return new Intact(p, ((Number) epoch).intValue());
            } catch (CheckpointFile.NewerFormatException e) {
                throw e;
            } catch (IllegalArgumentException e) {
                skipped.add(dir.relativize(p) + ": " + reason(e, p));
            }
        }
        return null;
    }

    /** The epochs {@code file} holds, or -1 (noted in {@code skipped}) when it does not read back. */
    private static long epochIn(Path file, List<String> skipped) {
        try {
            return ((Number) CheckpointFile.header(file).get("epoch")).longValue();
        } catch (CheckpointFile.NewerFormatException e) {
            throw e;
        } catch (IllegalArgumentException e) {
            skipped.add(file.getFileName() + ": " + reason(e, file));
            return -1;
        }
    }

    private static String reason(IllegalArgumentException e, Path file) {
        String m = String.valueOf(e.getMessage());
        String named = file.toString();
        if (!m.startsWith(named)) {
            return m;
        }
        String rest = m.substring(named.length());
        return rest.startsWith(": ") ? rest.substring(2) : rest.strip();
    }

    /** Checkpoints that were passed over because they do not read back, one {@code "file: why"} each. */
    public List<String> skipped() {
        return skipped;
    }

    /** The checkpoint to continue from, or null for a run from epoch 1. */
    public Path resumeFrom() {
        return resumeFrom;
    }

    /** The saved identity, or null for a new run. */
    public RunIdentity savedIdentity() {
        return saved == null || settings.restart() ? null : RunIdentity.from(saved.get("configuration"));
    }

    /** Whether this continues a run the folder holds (rather than starting one). */
    public boolean continues() {
        return saved != null && !settings.restart();
    }

    /** The epochs completed by the run the folder holds. */
    public int savedEpoch() {
        return saved == null ? 0 : ((Number) saved.getOrDefault("epoch", 0)).intValue();
    }

    /**
     * Takes the folder: locks it, discards the old run when restarting, lays out a new one or cuts
     * the log back to the resumed checkpoint's epochs, and says {@code running}. Saving at stops only
     * ({@link RunFolder#checkpointAtStopsOnly}), nothing is forced to disk and {@code run.json} is left
     * as it is until the next stop: what a crash loses then is redone.
     */
    public void begin(RunIdentity identity, String device, List<EpochRecord> restored, List<StepRecord> restoredSteps) {
        this.identity = identity;
        this.device = device;
        try {
            Files.createDirectories(dir);
            lock();
            if (settings.restart() && saved != null) {
                clear();
            }
            Files.createDirectories(checkpoints);
            deleteTemporaryFiles();
            started = continues() ? String.valueOf(saved.getOrDefault("started", now())) : now();
            if (continues()) {
                Object b = saved.get("best");
                best = b instanceof Map<?, ?> m ? new LinkedHashMap<>(castMap(m)) : null;
            }
            lastEpoch = restored.size();
            lastCheckpoint = resumeFrom;
            checkpointEpoch = restored.size();
            forcedEpoch = restored.size();
            if (best != null && ((Number) best.get("epoch")).intValue() > lastEpoch) {
                best = null;
            }
            if (settings.atStopsOnly()) {
                if (EpochLog.lines(dir.resolve(LOG)) != restored.size() || !Files.exists(dir.resolve(LOG))) {
                    EpochLog.rewrite(dir.resolve(LOG), restored, restoredSteps, false);
                }
                if (!continues()) {
                    writeRunJson(Status.RUNNING, null, null, false);   // the folder is a run before its first checkpoint
                }
                return;
            }
            // the log first: run.json's epoch never runs ahead of the log's lines
            EpochLog.rewrite(dir.resolve(LOG), restored, restoredSteps, true);
            writeRunJson(Status.RUNNING, null, null);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare run folder " + dir + ": " + e.getMessage(), e);
        }
    }

    /**
     * Records a finished epoch: the log line, a checkpoint when due ({@code force}: always), the best
     * checkpoint when it improved, the retention of old ones, and {@code run.json}.
     */
    public void epochEnd(TrainingRun run, EpochRecord record, List<StepRecord> steps, Metric monitor, boolean force) {
        try {
            AtomicFiles.together(() -> recordEpoch(run, record, steps, monitor, force));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write to run folder " + dir + ": " + e.getMessage(), e);
        }
    }

    private void recordEpoch(TrainingRun run, EpochRecord record, List<StepRecord> steps, Metric monitor, boolean force)
            throws IOException {
        boolean atStopsOnly = settings.atStopsOnly();
        EpochLog.append(dir.resolve(LOG), record, steps, !atStopsOnly);
        lastEpoch = record.epoch();
        Path written = null;
        if (force || !atStopsOnly && record.epoch() % settings.checkpointEvery() == 0) {
            if (atStopsOnly) {
                forceLog();
            }
            written = checkpoints.resolve(String.format(Locale.ROOT, "epoch-%04d.ckpt", record.epoch()));
            Checkpoints.write(written, run, LOG_FROM_CHECKPOINTS);
            AtomicFiles.link(written, checkpoints.resolve(LAST));
            lastCheckpoint = written;
            checkpointEpoch = record.epoch();
            prune();
        }
        if (settings.keepBest() && improves(monitor, monitor.of(record))) {
            Path bestFile = checkpoints.resolve(BEST);
            if (written != null) {
                AtomicFiles.link(written, bestFile);
            } else {
                Checkpoints.write(bestFile, run, LOG_FROM_CHECKPOINTS);
            }
            best = new LinkedHashMap<>();
            best.put("epoch", record.epoch());
            best.put("metric", monitor.name().toLowerCase(Locale.ROOT));
            best.put("value", monitor.of(record));
            best.put("checkpoint", CHECKPOINTS + "/" + BEST);
        }
        // saving at stops only, the stop's run.json is written by complete(), which follows
        if (!atStopsOnly) {
            writeRunJson(Status.RUNNING, null, null);
        }
    }

    /**
     * Ends a run that finished or stopped as asked: {@code final.ckpt} (not beside a stop's epoch
     * checkpoint with {@link RunFolder#checkpointAtStopsOnly}), the products, then the status.
     */
    public void complete(TrainingRun run, History history, Status status, String stopReason) {
        try {
            AtomicFiles.together(() -> {
                if (settings.atStopsOnly()) {
                    forceLog();
                }
                boolean stopCheckpointed = status == Status.STOPPED && checkpointEpoch == lastEpoch;
                if (!stopCheckpointed || !settings.atStopsOnly()) {
                    Checkpoints.write(dir.resolve(FINAL), run, null);
                }
                if (settings.products() != null) {
                    settings.products().write(history, dir);
                }
                writeRunJson(status, stopReason, null);
            });
        } catch (IOException e) {
            throw new UncheckedIOException("cannot finish run folder " + dir + ": " + e.getMessage(), e);
        }
    }

    private void forceLog() throws IOException {
        if (forcedEpoch < lastEpoch) {
            EpochLog.force(dir.resolve(LOG));
            forcedEpoch = lastEpoch;
        }
    }

    /** Ends a run that failed: the status and the error, everything saved before it kept. */
    public void fail(Status status, String error) {
        try {
            writeRunJson(status, null, error);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot update " + dir.resolve(RUN_JSON) + ": " + e.getMessage(), e);
        }
    }

    /** The newest checkpoint written or resumed from, or null. */
    public Path lastCheckpoint() {
        return lastCheckpoint;
    }

    @Override
    public void close() {
        try {
            if (lock != null) {
                lock.release();
            }
            if (lockChannel != null) {
                lockChannel.close();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    // ---- the files --------------------------------------------------------------------------------

    private void lock() throws IOException {
        lockChannel = FileChannel.open(dir.resolve(".lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        try {
            lock = lockChannel.tryLock();
        } catch (OverlappingFileLockException e) {
            lock = null;
        }
        if (lock == null) {
            lockChannel.close();
            lockChannel = null;
            throw new IllegalArgumentException(settings.dir() + " is in use by another training run");
        }
    }

    private void clear() throws IOException {
        try (Stream<Path> entries = Files.list(dir)) {
            for (Path p : entries.toList()) {
                if (!p.getFileName().toString().equals(".lock")) {
                    deleteRecursively(p);
                }
            }
        }
    }

    private void deleteTemporaryFiles() throws IOException {
        for (Path folder : List.of(dir, checkpoints)) {
            try (Stream<Path> entries = Files.list(folder)) {
                for (Path p : entries.filter(p -> p.getFileName().toString().endsWith(".tmp")).toList()) {
                    deleteRecursively(p);
                }
            }
        }
    }

    private void prune() throws IOException {
        if (settings.keep() == RunFolder.KEEP_ALL) {
            return;
        }
        List<Path> all = epochCheckpoints(checkpoints);
        for (int i = 0; i < all.size() - settings.keep(); i++) {
            Files.delete(all.get(i));
            WriteBoundary.pass("delete " + all.get(i).getFileName());
        }
        if (all.size() > settings.keep()) {
            AtomicFiles.forceFolder(checkpoints);
        }
    }

    private boolean improves(Metric monitor, double value) {
        if (Double.isNaN(value)) {
            return false;
        }
        if (best == null) {
            return true;
        }
        double old = ((Number) best.get("value")).doubleValue();
        return monitor.higherIsBetter() ? value > old : value < old;
    }

    private void writeRunJson(Status status, String stopReason, String error) throws IOException {
        writeRunJson(status, stopReason, error, true);
    }

    /** Writes {@code run.json}; forced to disk when {@code durable} (see {@link AtomicFiles#replace}). */
    private void writeRunJson(Status status, String stopReason, String error, boolean durable) throws IOException {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("format", "anneal-run");
        doc.put("status", status.name().toLowerCase(Locale.ROOT));
        doc.put("epoch", lastEpoch);
        doc.put("epochs", Integer.parseInt(identity.facts().get(RunIdentity.EPOCHS)));
        doc.put("schedule", identity.facts().get("schedule"));
        doc.put("device", device);
        doc.putAll(settings.facts());
        doc.put("checkpoint", lastCheckpoint == null || !lastCheckpoint.startsWith(dir) ? null
                : dir.relativize(lastCheckpoint).toString());
        if (best != null) {
            doc.put("best", best);
        }
        if (stopReason != null) {
            doc.put("stopReason", stopReason);
        }
        if (error != null) {
            doc.put("error", error);
        }
        doc.put("started", started);
        doc.put("updated", now());
        doc.put("configuration", identity.facts());
        if (durable) {
            AtomicFiles.write(dir.resolve(RUN_JSON), JSON.writeValueAsBytes(doc));
        } else {
            AtomicFiles.replace(dir.resolve(RUN_JSON), JSON.writeValueAsBytes(doc));
        }
    }

    static Map<String, Object> readRunJson(Path file) {
        try {
            return JSON.readValue(file.toFile(), new TypeReference<>() { });
        } catch (IOException e) {
            throw new IllegalArgumentException(file + " is damaged (not valid JSON); nothing was changed");
        }
    }

    private static Status status(Map<String, Object> saved) {
        Object s = saved.get("status");
        for (Status st : Status.values()) {
            if (st.name().equalsIgnoreCase(String.valueOf(s))) {
                return st;
            }
        }
        throw new IllegalArgumentException("run.json has an unknown status '" + s + "'");
    }

    /** The {@code epoch-N.ckpt} files in {@code folder}, by epoch. */
    static List<Path> epochCheckpoints(Path folder) {
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(folder)) {
            return files.filter(p -> EPOCH_FILE.matcher(p.getFileName().toString()).matches())
                    .sorted(Comparator.comparingLong(RunDirectory::epochOf)).toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + folder + ": " + e.getMessage(), e);
        }
    }

    private static long epochOf(Path p) {
        Matcher m = EPOCH_FILE.matcher(p.getFileName().toString());
        return m.matches() ? Long.parseLong(m.group(1)) : -1;
    }

    /**
     * Whether {@code dir} holds nothing, or only what {@link #begin} lays out before it writes
     * {@code run.json} (the lock, an empty {@code checkpoints/}, temporary files, the log): a run a
     * crash stopped before it started.
     */
    private static boolean unstarted(Path dir) {
        try (Stream<Path> entries = Files.list(dir)) {
            for (Path p : entries.toList()) {
                String name = p.getFileName().toString();
                boolean mine = name.equals(".lock") || name.equals(LOG) || name.endsWith(".tmp")
                        || name.equals(CHECKPOINTS) && Files.isDirectory(p) && onlyTemporary(p);
                if (!mine) {
                    return false;
                }
            }
            return true;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir + ": " + e.getMessage(), e);
        }
    }

    private static boolean onlyTemporary(Path folder) throws IOException {
        try (Stream<Path> entries = Files.list(folder)) {
            return entries.allMatch(p -> p.getFileName().toString().endsWith(".tmp"));
        }
    }

    private static void deleteRecursively(Path p) throws IOException {
        try (Stream<Path> all = Files.walk(p)) {
            for (Path q : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(q);
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> castMap(Map<?, ?> m) {
        return (Map<String, Object>) m;
    }

    private static String now() {
        return Instant.now().toString();
    }
}
