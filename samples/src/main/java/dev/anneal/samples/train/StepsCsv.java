package dev.anneal.samples.train;

import dev.anneal.runtime.History;
import dev.anneal.runtime.StepRecord;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * A run's {@code steps.csv}, written at its end when its steps were recorded ({@code --record-steps}):
 * {@code step,epoch,loss,lr}, one row per optimizer step (the step from 0, the batch's mean loss, the
 * learning rate the step used); with several param groups an {@code lr/GROUP} column for each.
 *
 * <pre>{@code
 * StepsCsv.write(history, runDir);   // nothing when history.steps() is empty
 * }</pre>
 */
public final class StepsCsv {
    /** The file's name. */
    public static final String NAME = "steps.csv";

    private StepsCsv() {
    }

    /** Writes {@code dir/steps.csv} (through a temporary file and a rename) when {@code history} has steps. */
    public static void write(History history, Path dir) throws IOException {
        List<StepRecord> steps = history.steps();
        if (steps.isEmpty()) {
            return;
        }
        Set<String> groups = steps.get(0).lr().keySet();
        StringBuilder s = new StringBuilder("step,epoch,loss");
        for (String g : groups) {
            s.append(groups.size() == 1 ? ",lr" : ",lr/" + g);
        }
        s.append('\n');
        for (StepRecord r : steps) {
            s.append(r.step()).append(',').append(r.epoch()).append(',').append(String.valueOf(r.loss()));
            for (String g : groups) {
                s.append(',').append(String.format(Locale.ROOT, "%s", r.lr().get(g)));
            }
            s.append('\n');
        }
        Path tmp = dir.resolve(NAME + ".tmp");
        Files.writeString(tmp, s, StandardCharsets.UTF_8);
        Files.move(tmp, dir.resolve(NAME), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }
}
