package dev.anneal.samples.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.anneal.samples.plot.TerminalChart;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.stream.LongStream;

/**
 * The formats of {@code anneal show}. Numbers are printed in full: the shortest decimal that reads
 * back as the same double ({@link Double#toString(double)}).
 */
final class ScheduleOutput {
    private static final ObjectMapper JSON = new ObjectMapper();

    private ScheduleOutput() {
    }

    /**
     * Columns {@code step} (right-aligned) and {@code lr} (left-aligned, so that decimal points line
     * up), one row per step.
     */
    static void table(ScheduleValues values, PrintWriter out) {
        String row = "%" + Math.max("step".length(), Long.toString(values.lastStep()).length()) + "s  %s%n";
        out.printf(row, "step", "lr");
        for (long step = 0; step <= values.lastStep(); step++) {
            out.printf(row, step, values.lr(step));
        }
    }

    /** Header {@code step,lr}, then one row per step. */
    static void csv(ScheduleValues values, PrintWriter out) {
        out.println("step,lr");
        for (long step = 0; step <= values.lastStep(); step++) {
            out.println(step + "," + values.lr(step));
        }
    }

    /**
     * One object: {@code {"schedule": text, "baseLr": x, "stepsPerEpoch": k, "steps": [...], "lr": [...]}},
     * {@code stepsPerEpoch} 0 when not given.
     */
    static void json(ScheduleValues values, PrintWriter out) {
        long[] steps = LongStream.rangeClosed(0, values.lastStep()).toArray();
        double[] lr = LongStream.of(steps).mapToDouble(values::lr).toArray();
        Document document = new Document(values.schedule().toString(), values.baseLr(),
                values.graph().clock().stepsPerEpoch(), steps, lr);
        try {
            out.println(JSON.writerWithDefaultPrettyPrinter().writeValueAsString(document));
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A title line (the schedule, base and steps), then a {@link TerminalChart} of the values. */
    static void chart(ScheduleValues values, int width, int height, PrintWriter out) {
        String title = values.schedule() + "  (base lr " + values.baseLr() + ", steps 0.." + values.lastStep() + ")";
        out.println(title.length() <= width ? title : title.substring(0, width - 1) + "…");
        TerminalChart.render(values::lr, values.lastStep() + 1, width, height).forEach(out::println);
    }

    private record Document(String schedule, double baseLr, long stepsPerEpoch, long[] steps, double[] lr) {
    }
}
