package dev.anneal.samples.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the page shows of one run, read from its folder: {@code run.json} (status, settings, best epoch,
 * why it stopped), the epochs ({@code history.csv} once the run is over, with its notes and the learning
 * rate after each epoch; {@code epochs.jsonl} while it runs) and the learning rate of every step when
 * it was recorded ({@code steps.csv}, or the steps in {@code epochs.jsonl}).
 *
 * <pre>{@code
 * ObjectNode run = RunReading.read(Path.of("runs/a"), "runs/a");
 * }</pre>
 * The learning rate is a list of {@code [step, lr]} points per param group, each the value that step
 * uses: {@code history.csv}'s lr (after epoch e) at step {@code steps}, {@code epochs.jsonl}'s (the
 * epoch's last step) at {@code steps - 1}.
 */
final class RunReading {
    private RunReading() {
    }

    /** Whether {@code dir} holds a run (its {@code run.json}). */
    static boolean isRun(Path dir) {
        return Files.isRegularFile(dir.resolve("run.json"));
    }

    /** The run in {@code dir}, named {@code name} on the page. */
    static ObjectNode read(Path dir, String name) {
        ObjectNode run = Lines.JSON.createObjectNode();
        run.put("name", name);
        ObjectNode info = Lines.json(dir.resolve("run.json"));
        JsonNode config = info == null ? Lines.JSON.createObjectNode() : info.path("configuration");
        run.put("status", info == null ? "starting" : info.path("status").asText("running"));
        run.put("epochsPlanned", info == null ? 0 : info.path("epochs").asInt());
        run.put("schedule", text(info, "schedule", config.path("schedule").asText("")));
        run.put("model", config.path("model").asText(""));
        run.put("optimizer", config.path("optimizer").asText(""));
        run.put("data", text(info, "data", config.path("training data").asText("")));
        run.put("batch", config.path("batch size").asText(""));
        run.put("seed", config.path("seed").asText(""));
        run.put("device", text(info, "device", ""));
        run.put("command", text(info, "command", ""));
        run.put("stopReason", text(info, "stopReason", ""));
        run.put("error", text(info, "error", ""));
        if (info != null && info.has("best")) {
            run.set("best", info.get("best"));
        }
        List<Map<String, String>> history = Lines.csv(dir.resolve("history.csv"));
        List<JsonNode> log = Lines.jsonLines(dir.resolve("epochs.jsonl"));
        ArrayNode epochs = run.putArray("epochs");
        Map<String, ArrayNode> perEpoch = new LinkedHashMap<>();
        if (!history.isEmpty()) {
            for (Map<String, String> row : history) {
                ObjectNode e = epochs.addObject();
                e.put("epoch", Integer.parseInt(row.get("epoch")));
                e.put("steps", Long.parseLong(row.get("steps")));
                put(e, "trainLoss", number(row.get("train_loss")));
                put(e, "valLoss", number(row.get("val_loss")));
                put(e, "valAccuracy", number(row.get("val_accuracy")));
                e.put("note", row.getOrDefault("note", ""));
                point(perEpoch, "default", e.get("steps").asLong(), number(row.get("lr")));
            }
            run.put("lrFrom", "history.csv");
        } else {
            for (JsonNode line : log) {
                JsonNode r = line.path("epoch");
                ObjectNode e = epochs.addObject();
                e.put("epoch", r.path("epoch").asInt());
                e.put("steps", r.path("steps").asLong());
                put(e, "trainLoss", r.path("trainLoss").asDouble(Double.NaN));
                put(e, "valLoss", r.path("valLoss").asDouble(Double.NaN));
                put(e, "valAccuracy", r.path("valAccuracy").asDouble(Double.NaN));
                e.put("note", "");
                r.path("lr").fields().forEachRemaining(g -> point(perEpoch, g.getKey(), r.path("steps").asLong() - 1,
                        g.getValue().asDouble()));
            }
            run.put("lrFrom", "epochs.jsonl");
        }
        Map<String, ArrayNode> steps = steps(dir, log);
        Map<String, ArrayNode> lr = steps.isEmpty() ? perEpoch : steps;
        if (!steps.isEmpty()) {
            run.put("lrFrom", Files.isRegularFile(dir.resolve("steps.csv")) ? "steps.csv" : "epochs.jsonl steps");
        }
        ObjectNode lrNode = run.putObject("lr");
        lr.forEach(lrNode::set);
        if (!run.path("stopReason").asText().isEmpty() && !epochs.isEmpty()) {
            ObjectNode last = (ObjectNode) epochs.get(epochs.size() - 1);
            String note = last.path("note").asText();
            last.put("note", note.isEmpty() ? run.path("stopReason").asText() : note + "; " + run.path("stopReason").asText());
        }
        return run;
    }

    /** Every step's learning rate by group, from steps.csv or else the steps in the log; empty when not recorded. */
    private static Map<String, ArrayNode> steps(Path dir, List<JsonNode> log) {
        Map<String, ArrayNode> lr = new LinkedHashMap<>();
        List<Map<String, String>> rows = Lines.csv(dir.resolve("steps.csv"));
        for (Map<String, String> row : rows) {
            long step = Long.parseLong(row.get("step"));
            row.forEach((column, value) -> {
                if (column.equals("lr")) {
                    point(lr, "default", step, number(value));
                } else if (column.startsWith("lr/")) {
                    point(lr, column.substring(3), step, number(value));
                }
            });
        }
        if (!rows.isEmpty()) {
            return lr;
        }
        for (JsonNode line : log) {
            for (JsonNode s : line.path("steps")) {
                s.path("lr").fields().forEachRemaining(g -> point(lr, g.getKey(), s.path("step").asLong(),
                        g.getValue().asDouble()));
            }
        }
        return lr;
    }

    private static void point(Map<String, ArrayNode> lr, String group, long step, double value) {
        ArrayNode p = lr.computeIfAbsent(group, g -> Lines.JSON.createArrayNode()).addArray();
        p.add(step);
        if (Double.isFinite(value)) {
            p.add(value);
        } else {
            p.addNull();
        }
    }

    /** {@code value}, or null when it is not a finite number (JSON has no NaN). */
    private static void put(ObjectNode o, String field, double value) {
        if (Double.isFinite(value)) {
            o.put(field, value);
        } else {
            o.putNull(field);
        }
    }

    private static String text(JsonNode info, String field, String otherwise) {
        return info == null || !info.hasNonNull(field) ? otherwise : info.get(field).asText();
    }

    /** A CSV cell as a number; NaN for an empty or non-numeric cell. */
    static double number(String cell) {
        if (cell == null || cell.isBlank()) {
            return Double.NaN;
        }
        try {
            return Double.parseDouble(cell);
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }
}
