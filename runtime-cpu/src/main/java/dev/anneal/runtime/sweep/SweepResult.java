package dev.anneal.runtime.sweep;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.anneal.runtime.EpochRecord;
import dev.anneal.runtime.Metric;
import dev.anneal.runtime.folder.AtomicFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The trials of a sweep, best first: trials that ran more epochs rank above trials stopped
 * earlier (a finished trial above any stopped one), then by the monitored metric at their last
 * epoch, then by trial number; failed trials last.
 *
 * <pre>{@code
 * SweepResult result = sweep.run();
 * TrialOutcome best = result.best();
 * result.write(Path.of("sweeps/a"));   // sweep.csv, sweep.json, best.ckpt
 * }</pre>
 *
 * @param ranked the trials, best first
 * @param metric the monitored metric
 * @param halving the halving, or null
 */
public record SweepResult(List<TrialOutcome> ranked, Metric metric, Halving halving) {
    /** The columns of {@code sweep.csv}. */
    public static final String CSV_HEADER = "rank,trial,schedule,lr,optimizer,weight_decay,batch,seed,epochs_run,"
            + "val_loss,val_accuracy,stopped_at,status";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /** Copies the list. */
    public SweepResult {
        ranked = List.copyOf(ranked);
    }

    /** Ranks {@code outcomes}. */
    static SweepResult rank(List<TrialOutcome> outcomes, Metric metric, Halving halving) {
        Comparator<TrialOutcome> byScore = Comparator.comparingDouble(o -> o.score(metric));
        if (metric.higherIsBetter()) {
            byScore = byScore.reversed();
        }
        List<TrialOutcome> sorted = new ArrayList<>(outcomes);
        sorted.sort(Comparator.comparing((TrialOutcome o) -> !Double.isFinite(o.score(metric)))
                .thenComparing(Comparator.comparingInt(TrialOutcome::epochsRun).reversed())
                .thenComparing(byScore)
                .thenComparingInt(o -> o.trial().number()));
        return new SweepResult(sorted, metric, halving);
    }

    /** The best trial. */
    public TrialOutcome best() {
        return ranked.get(0);
    }

    /** The epochs all trials ran together. */
    public int epochsRun() {
        return ranked.stream().mapToInt(TrialOutcome::epochsRun).sum();
    }

    /** The epochs all trials would run without halving. */
    public int epochsFull() {
        return ranked.stream().mapToInt(o -> o.trial().config().epochs()).sum();
    }

    /** {@code sweep.csv}: a header ({@link #CSV_HEADER}) and a row per trial, best first. */
    public String csv() {
        StringBuilder out = new StringBuilder(CSV_HEADER).append('\n');
        for (int i = 0; i < ranked.size(); i++) {
            TrialOutcome o = ranked.get(i);
            TrialConfig c = o.trial().config();
            out.append(i + 1).append(',').append(o.trial().name()).append(',').append(quoted(c.schedule()))
                    .append(',').append(c.lr()).append(',').append(c.optimizer()).append(',').append(c.weightDecay())
                    .append(',').append(c.batchSize()).append(',').append(c.seed()).append(',').append(o.epochsRun())
                    .append(',').append(o.valLoss()).append(',').append(o.valAccuracy()).append(',')
                    .append(o.stoppedAt() == 0 ? "" : String.valueOf(o.stoppedAt())).append(',').append(o.status())
                    .append('\n');
        }
        return out.toString();
    }

    /** {@code sweep.json}: the halving, the epochs used, and each trial with its configuration and history. */
    public Map<String, Object> json() {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("metric", metric.name().toLowerCase(Locale.ROOT));
        doc.put("halving", halving == null ? null : halving.toString());
        doc.put("epochs_run", epochsRun());
        doc.put("epochs_full", epochsFull());
        List<Map<String, Object>> trials = new ArrayList<>();
        for (int i = 0; i < ranked.size(); i++) {
            TrialOutcome o = ranked.get(i);
            Map<String, Object> t = new LinkedHashMap<>();
            t.put("rank", i + 1);
            t.put("trial", o.trial().name());
            t.put("configuration", o.trial().config());
            t.put("status", o.status());
            t.put("stopped_at", o.stoppedAt() == 0 ? null : o.stoppedAt());
            t.put("epochs_run", o.epochsRun());
            t.put("val_loss", o.valLoss());
            t.put("val_accuracy", o.valAccuracy());
            if (o.error() != null) {
                t.put("error", o.error());
            }
            t.put("folder", "trials/" + o.trial().name());
            List<Map<String, Object>> epochs = new ArrayList<>();
            for (EpochRecord r : o.epochs()) {
                Map<String, Object> e = new LinkedHashMap<>();
                e.put("epoch", r.epoch());
                e.put("train_loss", r.trainLoss());
                e.put("val_loss", r.valLoss());
                e.put("val_accuracy", r.valAccuracy());
                e.put("lr", r.lr());
                epochs.add(e);
            }
            t.put("history", epochs);
            trials.add(t);
        }
        doc.put("trials", trials);
        return doc;
    }

    /**
     * Writes {@code sweep.csv} and {@code sweep.json} into {@code dir}, and links the best trial's
     * {@code final.ckpt} as {@code best.ckpt} (a hard link: no copy); each file whole or not at all.
     */
    public void write(Path dir) throws IOException {
        AtomicFiles.write(dir.resolve("sweep.csv"), csv().getBytes(StandardCharsets.UTF_8));
        AtomicFiles.write(dir.resolve("sweep.json"), JSON.writeValueAsBytes(json()));
        Path finalCkpt = best().folder().resolve("final.ckpt");
        if (Files.isRegularFile(finalCkpt)) {
            AtomicFiles.link(finalCkpt, dir.resolve("best.ckpt"));
        }
    }

    private static String quoted(String text) {
        return "\"" + text.replace("\"", "\"\"") + "\"";
    }
}
