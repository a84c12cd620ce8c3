package dev.anneal.samples.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * What the page shows of a sweep, read from its folder: the trials {@code plan.json} names (written
 * when the sweep starts), each trial's run in {@code trials/trial-NNN/} as far as it got (none yet:
 * waiting), and once the sweep is over the leaderboard of {@code sweep.csv} with its ranks.
 *
 * <pre>{@code
 * ObjectNode sweep = SweepReading.read(Path.of("sweeps/a"), "sweeps/a");
 * }</pre>
 * A trial that halving stopped ends at its rung: {@code stoppedAt} is that epoch.
 */
final class SweepReading {
    private SweepReading() {
    }

    /** Whether {@code dir} holds a sweep ({@code plan.json} or {@code sweep.csv}). */
    static boolean isSweep(Path dir) {
        return Files.isRegularFile(dir.resolve("plan.json")) || Files.isRegularFile(dir.resolve("sweep.csv"));
    }

    /** The sweep in {@code dir}, named {@code name} on the page. */
    static ObjectNode read(Path dir, String name) {
        ObjectNode sweep = Lines.JSON.createObjectNode();
        sweep.put("name", name);
        ObjectNode plan = Lines.json(dir.resolve("plan.json"));
        ObjectNode result = Lines.json(dir.resolve("sweep.json"));
        List<Map<String, String>> board = Lines.csv(dir.resolve("sweep.csv"));
        sweep.put("status", board.isEmpty() ? "running" : "finished");
        sweep.put("halving", plan != null ? plan.path("halving").asText("") : "");
        if (result != null) {
            sweep.put("epochsRun", result.path("epochs_run").asInt());
            sweep.put("epochsFull", result.path("epochs_full").asInt());
        }
        Map<String, Map<String, String>> ranked = new LinkedHashMap<>();
        for (Map<String, String> row : board) {
            ranked.put(row.get("trial"), row);
        }
        ArrayNode trials = sweep.putArray("trials");
        for (String trial : trialNames(dir, plan)) {
            Path folder = dir.resolve("trials").resolve(trial);
            ObjectNode t = RunReading.isRun(folder) ? RunReading.read(folder, trial) : waiting(trial);
            JsonNode config = planned(plan, trial);
            if (config != null) {
                t.put("schedule", config.path("schedule").asText(t.path("schedule").asText()));
                t.put("baseLr", config.path("lr").asDouble());
                t.put("optimizerName", config.path("optimizer").asText(""));
                t.put("seed", config.path("seed").asText(""));
                t.put("batch", config.path("batchSize").asText(""));
            }
            Map<String, String> row = ranked.get(trial);
            if (row != null) {
                t.put("rank", Integer.parseInt(row.get("rank")));
                t.put("status", row.get("status"));
                String stopped = row.getOrDefault("stopped_at", "");
                if (!stopped.isEmpty()) {
                    t.put("stoppedAt", Integer.parseInt(stopped));
                }
            } else if (t.path("status").asText().equals("stopped") && !t.path("epochs").isEmpty()) {
                JsonNode epochs = t.path("epochs");
                t.put("stoppedAt", epochs.get(epochs.size() - 1).path("epoch").asInt());
            }
            trials.add(t);
        }
        return sweep;
    }

    /** The trials by name: those the plan names, else the folders under trials/. */
    private static List<String> trialNames(Path dir, JsonNode plan) {
        List<String> names = new ArrayList<>();
        if (plan != null) {
            for (JsonNode t : plan.path("trials")) {
                names.add(t.path("name").asText());
            }
        }
        if (names.isEmpty() && Files.isDirectory(dir.resolve("trials"))) {
            try (Stream<Path> entries = Files.list(dir.resolve("trials"))) {
                entries.filter(Files::isDirectory).map(p -> p.getFileName().toString()).sorted().forEach(names::add);
            } catch (IOException e) {
                // listed as far as it could be read
            }
        }
        return names;
    }

    private static JsonNode planned(JsonNode plan, String trial) {
        if (plan == null) {
            return null;
        }
        for (JsonNode t : plan.path("trials")) {
            if (t.path("name").asText().equals(trial)) {
                return t.path("configuration");
            }
        }
        return null;
    }

    private static ObjectNode waiting(String trial) {
        ObjectNode t = Lines.JSON.createObjectNode();
        t.put("name", trial);
        t.put("status", "waiting");
        t.putArray("epochs");
        t.putObject("lr");
        return t;
    }
}
