package dev.anneal.samples.cli;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.anneal.Clock;
import dev.anneal.Schedule;
import dev.anneal.ScheduleGraph;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ShowCommandTest {
    private static final String WARMUP_COSINE = "warmup(10) then cosine(tMax=90, etaMin=1e-6)";

    private static Map<Long, Double> csvRows(AnnealRun run) {
        Map<Long, Double> rows = new HashMap<>();
        for (String line : run.outLines().subList(1, run.outLines().size())) {
            String[] cells = line.split(",");
            rows.put(Long.parseLong(cells[0]), Double.parseDouble(cells[1]));
        }
        return rows;
    }

    @Test
    void csvGivesWarmupThenCosineAtTheNamedSteps() {
        AnnealRun run = AnnealRun.of("show", "--schedule", WARMUP_COSINE, "--base-lr", "0.1", "--steps", "100",
                "--format", "csv");

        assertEquals(0, run.exitCode(), run.err());
        assertEquals("step,lr", run.outLines().get(0));
        assertEquals(102, run.outLines().size());
        Map<Long, Double> lr = csvRows(run);
        assertAll(
                () -> assertEquals(0.0, lr.get(0L)),
                () -> assertEquals(0.05, lr.get(5L), 1e-17),
                () -> assertEquals(0.1, lr.get(10L), 1e-17),
                () -> assertEquals((0.1 + 1e-6) / 2, lr.get(55L), 1e-15),
                () -> assertEquals(1e-6, lr.get(100L), 1e-20));
    }

    @Test
    void csvPrintsEveryValueInFullSoItReadsBackExactly() {
        ScheduleGraph graph = Schedule.warmup(10).then(Schedule.cosine(90, 1e-6)).compile(Clock.of(0, 100));

        AnnealRun run = AnnealRun.of("show", "--schedule", WARMUP_COSINE, "--base-lr", "0.1", "--steps", "100",
                "--format", "csv");

        Map<Long, Double> lr = csvRows(run);
        for (long step = 0; step <= 100; step++) {
            assertEquals(graph.lr(step, 0.1), lr.get(step), "step " + step);
        }
    }

    @Test
    void tableRightAlignsStepsAndLeftAlignsValues() {
        ScheduleGraph graph = Schedule.warmup(10).then(Schedule.cosine(90, 1e-6)).compile(Clock.of(0, 100));

        AnnealRun run = AnnealRun.of("show", "--schedule", WARMUP_COSINE, "--base-lr", "0.1", "--steps", "100");

        assertEquals(0, run.exitCode(), run.err());
        List<String> lines = run.outLines();
        assertEquals(102, lines.size());
        assertEquals("step  lr", lines.get(0));
        for (int k = 1; k < lines.size(); k++) {
            String line = lines.get(k);
            assertEquals(String.format("%4d", k - 1), line.substring(0, 4), line);
            assertEquals("  ", line.substring(4, 6), line);
            assertEquals(graph.lr(k - 1, 0.1), Double.parseDouble(line.substring(6)), line);
        }
    }

    @Test
    void jsonHoldsScheduleBaseStepsAndValues() throws Exception {
        AnnealRun run = AnnealRun.of("show", "--schedule", WARMUP_COSINE, "--base-lr", "0.1", "--steps", "100",
                "--format", "json");

        assertEquals(0, run.exitCode(), run.err());
        JsonNode json = new ObjectMapper().readTree(run.out());
        assertEquals(WARMUP_COSINE, json.get("schedule").asText());
        assertEquals(0.1, json.get("baseLr").asDouble());
        assertEquals(0, json.get("stepsPerEpoch").asLong());
        assertEquals(101, json.get("steps").size());
        assertEquals(101, json.get("lr").size());
        assertEquals(55, json.get("steps").get(55).asLong());
        assertEquals(0.1, json.get("lr").get(10).asDouble(), 1e-17);
        assertEquals(1e-6, json.get("lr").get(100).asDouble(), 1e-20);
    }

    @Test
    void stepsPerEpochResolvesEpochSpans() {
        AnnealRun run = AnnealRun.of("show", "--schedule", "step(stepSize=2.epochs, gamma=0.5)", "--base-lr", "0.1",
                "--steps", "40", "--steps-per-epoch", "10", "--format", "csv");

        assertEquals(0, run.exitCode(), run.err());
        Map<Long, Double> lr = csvRows(run);
        assertEquals(0.1, lr.get(19L));
        assertEquals(0.05, lr.get(20L));
        assertEquals(0.025, lr.get(40L));
    }

    @Test
    void pytorchSchedulerNamesAreAccepted() {
        AnnealRun run = AnnealRun.of("show", "--schedule", "CosineAnnealingLR(T_max=10)", "--base-lr", "0.1",
                "--steps", "20", "--format", "csv");

        assertEquals(0, run.exitCode(), run.err());
        Map<Long, Double> lr = csvRows(run);
        assertEquals(0.1, lr.get(0L), 1e-15);
        assertEquals(0.05, lr.get(5L), 1e-15);
        assertEquals(0.0, lr.get(10L), 1e-15);
        assertEquals(0.1, lr.get(20L), 1e-15);
    }
}
