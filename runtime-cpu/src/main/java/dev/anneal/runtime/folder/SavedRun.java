package dev.anneal.runtime.folder;

import dev.anneal.runtime.EpochRecord;
import dev.anneal.runtime.History;
import dev.anneal.runtime.RunFolder;
import dev.anneal.runtime.StepRecord;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a {@link RunFolder} holds, read without changing it: the status of {@code run.json}, the last
 * completed epoch and the history of those epochs (from {@code epochs.jsonl}).
 *
 * <pre>{@code
 * Optional<SavedRun> saved = SavedRun.read(Path.of("runs/a"));
 * if (saved.isPresent() && saved.get().status().equals("finished")) {
 *     System.out.println(saved.get().history().last().valAccuracy());
 * }
 * }</pre>
 *
 * @param dir     the folder
 * @param status  {@code running}, {@code stopped}, {@code finished}, {@code diverged} or {@code failed}
 * @param epoch   the last completed epoch
 * @param epochs  the epochs the run was configured for
 * @param error   why the run diverged or failed, or null
 * @param history the completed epochs
 */
public record SavedRun(Path dir, String status, int epoch, int epochs, String error, History history) {

    /**
     * The run in {@code dir}, or empty when the folder is missing or holds no {@code run.json}. The
     * last completed epoch is what the files say, whatever order a crash left them in: that of
     * {@code run.json} (as far as {@code epochs.jsonl} holds its lines), or that of the newest
     * checkpoint that reads back whole when {@code run.json} had not caught up with it.
     */
    public static Optional<SavedRun> read(Path dir) {
        Path runJson = dir.resolve(RunDirectory.RUN_JSON);
        if (!Files.isRegularFile(runJson)) {
            return Optional.empty();
        }
        Map<String, Object> saved = RunDirectory.readRunJson(runJson);
        int recorded = ((Number) saved.getOrDefault("epoch", 0)).intValue();
        int epochs = ((Number) saved.getOrDefault("epochs", 0)).intValue();
        RunDirectory.Intact newest = RunDirectory.intact(dir, new ArrayList<>());
        int epoch = Math.max(newest == null ? 0 : newest.epoch(),
                Math.min(recorded, EpochLog.lines(dir.resolve(RunDirectory.LOG))));
        List<EpochRecord> records = new ArrayList<>();
        List<StepRecord> steps = new ArrayList<>();
        if (epoch > 0) {
            EpochLog.read(dir.resolve(RunDirectory.LOG), epoch, records, steps);
        }
        Object error = saved.get("error");
        return Optional.of(new SavedRun(dir, String.valueOf(saved.get("status")), epoch, epochs,
                error == null ? null : error.toString(), new History(records, steps)));
    }

    /** Whether the run ended with all its epochs. */
    public boolean finished() {
        return status.equals("finished");
    }

    /** Whether the run ended in a NaN or infinite loss, or an error. */
    public boolean failed() {
        return status.equals("diverged") || status.equals("failed");
    }
}
