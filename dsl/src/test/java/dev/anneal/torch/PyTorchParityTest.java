package dev.anneal.torch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.anneal.Clock;
import dev.anneal.RunState;
import dev.anneal.Schedule;
import dev.anneal.ScheduleGraph;
import dev.anneal.testing.PythonValues;
import dev.anneal.testing.SharedData;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Every case of PyTorch 1.13.1's reference file ({@code ../shared/parity/torch-lr-public.jsonl}, format in
 * its README): the schedulers made by {@link TorchSchedulers#create(String, Map, int)} give PyTorch's lr
 * (and momentum, for the cyclic ones) of every param group at every step, and raise PyTorch's error
 * (type, message and step) where PyTorch raised. A ReduceLROnPlateau observes {@code metrics[k-1]}
 * before step k is read. Values agree within relative 1e-10 or absolute 1e-15 (closed forms against
 * PyTorch's recursions). The {@code samples} module runs the same file through {@code anneal parity}.
 */
class PyTorchParityTest {
    private static final Path FILE = SharedData.file("parity/torch-lr-public.jsonl");
    private static final ObjectMapper JSON = new ObjectMapper();

    private static List<JsonNode> cases() throws IOException {
        List<JsonNode> cases = new ArrayList<>();
        for (String line : Files.readAllLines(FILE)) {
            if (!line.isBlank()) {
                cases.add(JSON.readTree(line));
            }
        }
        return cases;
    }

    @Test
    void theFileHoldsTheEightySevenCasesItsReadmeDescribes() throws IOException {
        List<JsonNode> cases = cases();
        assertEquals(87, cases.size());
        assertEquals(16, cases.stream().filter(c -> !c.get("error").isNull()).count(), "cases PyTorch rejects");
        assertEquals(15, cases.stream().map(c -> c.get("scheduler").asText()).distinct().count(), "schedulers");
    }

    @TestFactory
    Stream<DynamicTest> everyCaseGivesPyTorchsValuesAndErrors() throws IOException {
        return cases().stream().map(c -> DynamicTest.dynamicTest(c.get("id").asText(), () -> check(c)));
    }

    private static void check(JsonNode c) {
        String id = c.get("id").asText();
        assertEquals("SGD", c.get("optimizer").get("type").asText(), id + ": this test models PyTorch's SGD only");
        int groups = c.get("base_lrs").size();
        int steps = c.get("steps").asInt();
        List<List<Double>> lrs = new ArrayList<>();
        List<List<Double>> momentums = new ArrayList<>();
        for (int g = 0; g < groups; g++) {
            lrs.add(new ArrayList<>());
            momentums.add(new ArrayList<>());
        }
        int step = 0;
        RuntimeException error = null;
        try {
            @SuppressWarnings("unchecked")
            Map<String, Object> params = (Map<String, Object>) PythonValues.of(c.get("params"));
            List<Schedule> schedules = TorchSchedulers.create(c.get("scheduler").asText(), params, groups);
            Clock clock = Clock.totalSteps(Math.max(1, steps));
            ScheduleGraph[] lr = new ScheduleGraph[groups];
            ScheduleGraph[] momentum = new ScheduleGraph[groups];
            RunState[] states = new RunState[groups];
            double[] bases = new double[groups];
            for (int g = 0; g < groups; g++) {
                TorchScheduler s = (TorchScheduler) schedules.get(g);
                JsonNode initial = c.get("initial_lrs");
                bases[g] = s.base(g, c.get("base_lrs").get(g).asDouble(), initial == null ? null : initial.get(g).asDouble());
                lr[g] = s.compile(clock);
                states[g] = lr[g].isStateful() ? lr[g].newRunState() : null;
                if (c.hasNonNull("momentums")) {
                    momentum[g] = (s instanceof CyclicLR cyclic ? cyclic.momentum() : ((OneCycleLR) s).momentum())
                            .compile(clock);
                }
            }
            for (; step <= steps; step++) {
                double[] values = new double[groups];
                double[] moms = new double[groups];
                for (int g = 0; g < groups; g++) {
                    if (states[g] != null && step > 0) {
                        states[g].observe(step, c.get("metrics").get(step - 1).asDouble());
                    }
                    values[g] = states[g] == null ? lr[g].lr(step, bases[g]) : lr[g].lr(step, bases[g], states[g]);
                    if (momentum[g] != null) {
                        moms[g] = momentum[g].lr(step, c.get("optimizer").get("momentum").asDouble());
                    }
                }
                for (int g = 0; g < groups; g++) {
                    lrs.get(g).add(values[g]);
                    momentums.get(g).add(moms[g]);
                }
            }
        } catch (RuntimeException e) {
            error = e;
        }
        JsonNode expectedError = c.get("error");
        if (expectedError.isNull()) {
            assertNull(error, id + ": PyTorch raised nothing");
        } else {
            TorchSchedulerException e = assertInstanceOf(TorchSchedulerException.class, error,
                    id + ": PyTorch raised " + expectedError);
            assertEquals(expectedError.get("type").asText() + ": " + expectedError.get("message").asText()
                    + " at step " + expectedError.get("at_step").asInt(),
                    e.pythonType() + ": " + e.pythonMessage() + " at step " + step, id);
        }
        assertValues(id + ": lr", c.get("lrs"), lrs);
        if (c.hasNonNull("momentums")) {
            assertValues(id + ": momentum", c.get("momentums"), momentums);
        }
    }

    private static void assertValues(String what, JsonNode expected, List<List<Double>> actual) {
        assertEquals(expected.size(), actual.size(), what + ": param groups");
        for (int g = 0; g < actual.size(); g++) {
            JsonNode want = expected.get(g);
            List<Double> got = actual.get(g);
            assertEquals(want.size(), got.size(), what + " values of group " + g);
            for (int k = 0; k < got.size(); k++) {
                double w = want.get(k).asDouble();
                double tolerance = Math.max(1e-15, 1e-10 * Math.max(Math.abs(w), Math.abs(got.get(k))));
                assertEquals(w, got.get(k), tolerance, what + " of group " + g + " at step " + k);
            }
        }
    }
}
