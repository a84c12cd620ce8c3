package dev.anneal.samples.train;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.anneal.runtime.folder.AtomicFiles;
import dev.anneal.samples.plot.Charts;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The files of a training run, written into a folder: {@code history.csv}, {@code history.json},
 * {@code lr.png}, {@code lr.svg}, {@code loss.png}, {@code loss.svg} and {@code accuracy.png}.
 *
 * <pre>{@code
 * RunFiles.write(result, folder.path(), false);
 * }</pre>
 */
public final class RunFiles {
    /** The files {@link #write} makes, in order. */
    public static final List<String> NAMES = List.of("history.csv", "history.json", "lr.png", "lr.svg", "loss.png",
            "loss.svg", "accuracy.png");
    /** The files {@link #write} makes without charts: the history a sweep's leaderboard and a reader need. */
    public static final List<String> HISTORY_ONLY = List.of("history.csv");

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private RunFiles() {
    }

    /** Writes the files, charts included ({@link #NAMES}); {@code logLr} draws the learning rate on a log scale. */
    public static void write(RunResult run, Path dir, boolean logLr) throws IOException {
        write(run, dir, logLr, true);
    }

    /**
     * Writes the files ({@link #NAMES}, or {@link #HISTORY_ONLY} without {@code charts}); {@code logLr}
     * draws the learning rate on a log scale. Each file appears whole (a temporary file, forced to
     * disk, renamed into place).
     */
    public static void write(RunResult run, Path dir, boolean logLr, boolean charts) throws IOException {
        AtomicFiles.write(dir.resolve("history.csv"), csv(run).getBytes(StandardCharsets.UTF_8));
        if (charts) {
            AtomicFiles.write(dir.resolve("history.json"), JSON.writeValueAsBytes(json(run)));
            Charts.save(RunCharts.lr(run, logLr), dir.resolve("lr.png"));
            Charts.save(RunCharts.lr(run, logLr), dir.resolve("lr.svg"));
            Charts.save(RunCharts.loss(run), dir.resolve("loss.png"));
            Charts.save(RunCharts.loss(run), dir.resolve("loss.svg"));
            Charts.save(RunCharts.accuracy(run), dir.resolve("accuracy.png"));
        }
    }

    /** Header {@code epoch,steps,train_loss,val_loss,val_accuracy,lr,seconds,note}, one row per epoch. */
    static String csv(RunResult run) {
        StringBuilder s = new StringBuilder("epoch,steps,train_loss,val_loss,val_accuracy,lr,seconds,note\n");
        for (EpochRow row : run.rows()) {
            var r = row.record();
            s.append(String.format(Locale.ROOT, "%d,%d,%s,%s,%s,%s,%.3f,%s%n", r.epoch(), r.steps(), r.trainLoss(),
                    r.valLoss(), r.valAccuracy(), row.lr(), r.seconds(), quoted(row.note())));
        }
        return s.toString();
    }

    private static String quoted(String note) {
        return note.contains(",") || note.contains("\"") ? "\"" + note.replace("\"", "\"\"") + "\"" : note;
    }

    /** The run's settings, one object per epoch, and the learning rate of every step. */
    static Map<String, Object> json(RunResult run) {
        Experiment e = run.experiment();
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("model", e.mlp().toString());
        doc.put("optimizer", e.optimizerText());
        doc.put("schedule", e.schedule().toString());
        doc.put("baseLr", e.baseLr());
        doc.put("batchSize", e.batchSize());
        doc.put("epochs", e.epochs());
        doc.put("seed", e.seed());
        doc.put("stepsPerEpoch", run.stepsPerEpoch());
        doc.put("stopReason", run.stopReason());
        List<Map<String, Object>> epochs = new ArrayList<>();
        for (EpochRow row : run.rows()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("epoch", row.epoch());
            m.put("steps", row.record().steps());
            m.put("trainLoss", row.trainLoss());
            m.put("valLoss", row.valLoss());
            m.put("valAccuracy", row.valAccuracy());
            m.put("lr", row.lr());
            m.put("note", row.note());
            m.put("seconds", row.record().seconds());
            epochs.add(m);
        }
        doc.put("history", epochs);
        doc.put("stepLr", run.stepLrs());
        return doc;
    }
}
