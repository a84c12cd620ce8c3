package dev.anneal.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.anneal.Clock;
import dev.anneal.RunState;
import dev.anneal.Schedule;
import dev.anneal.ScheduleGraph;
import dev.anneal.runtime.Activation;
import dev.anneal.runtime.Dataset;
import dev.anneal.runtime.History;
import dev.anneal.runtime.Hyperparameter;
import dev.anneal.runtime.Mlp;
import dev.anneal.runtime.Optimizer;
import dev.anneal.runtime.ParamGroup;
import dev.anneal.testing.PythonValues;
import dev.anneal.testing.SharedData;
import dev.anneal.torch.TorchSchedulers;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.stream.IntStream;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Every worker uses, at every step, exactly the learning rate a single machine's schedule graph gives at that global step. */
class ScheduleGuaranteeTest {
    private static final Mlp MLP = Mlp.input(20).dense(4, Activation.TANH).dense(2);
    private static final Dataset DATA = SparkTrainerTest.SPLIT.train();
    private static final Dataset VALIDATION = SparkTrainerTest.SPLIT.validation();
    /** What the workers' listener heard: worker, global step, learning rate. */
    private static final Queue<double[]> HEARD = new ConcurrentLinkedQueue<>();
    private static JavaSparkContext spark;

    @BeforeAll
    static void start() {
        spark = LocalSpark.start("local[2]");
    }

    @AfterAll
    static void stop() {
        if (spark != null) {
            spark.stop();
        }
    }

    @Test
    void everyStepFunctionScheduleOfThePublicTorchCasesIsReadAtTheGlobalStepOnEveryWorker() throws IOException {
        ObjectMapper json = JsonMapper.builder().enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS).build();
        int checked = 0;
        for (String line : Files.readAllLines(SharedData.file("parity/torch-lr-public.jsonl"))) {
            JsonNode c = json.readTree(line);
            if (!c.get("error").isNull()) {
                continue;
            }
            int groups = c.get("base_lrs").size();
            List<Schedule> schedules = TorchSchedulers.create(c.get("scheduler").asText(), params(c.get("params")), groups);
            for (int g = 0; g < groups; g++) {
                int steps = c.get("steps").asInt();
                int epochs = steps % 2 == 0 && steps > 2 ? 2 : 1;
                int perEpoch = steps / epochs;
                ScheduleGraph graph = schedules.get(g).compile(Clock.of(perEpoch, (long) perEpoch * epochs));
                if (graph.isStateful()) {
                    continue;
                }
                double base = c.get("base_lrs").get(g).asDouble();
                List<double[]> heard = train(schedules.get(g), base, epochs, perEpoch, null);
                String what = c.get("id").asText() + " group " + g + " (" + schedules.get(g) + ")";
                assertEquals(2 * steps, heard.size(), what + ": steps heard from the workers");
                for (double[] h : heard) {
                    long step = (long) h[1];
                    assertEquals(graph.lr(step, base), h[2], 0.0, what + ", worker " + (int) h[0] + ", step " + step);
                }
                checked++;
            }
        }
        System.out.println("schedules checked on 2 workers: " + checked);
        assertTrue(checked >= 60, "schedules checked: " + checked);
    }

    @Test
    void warmupThenPlateauIsReadAtTheGlobalStepWithTheDriversPlateauDecisions() {
        Schedule schedule = Schedule.parse("warmup(5) then plateau(patience=2)");
        int epochs = 10;
        int perEpoch = 4;
        double base = 1e-5;
        List<History> history = new ArrayList<>();
        List<double[]> heard = train(schedule, base, epochs, perEpoch, history);
        ScheduleGraph graph = schedule.compile(Clock.of(perEpoch, (long) perEpoch * epochs));
        RunState state = graph.newRunState();
        double[] expected = new double[perEpoch * epochs];
        for (int e = 0; e < epochs; e++) {
            for (int i = 0; i < perEpoch; i++) {
                int step = e * perEpoch + i;
                expected[step] = graph.lr(step, base, state);
            }
            state.observe((long) (e + 1) * perEpoch, history.get(0).epochs().get(e).valLoss());
        }
        assertEquals(2 * expected.length, heard.size());
        for (double[] h : heard) {
            int step = (int) h[1];
            assertEquals(expected[step], h[2], 0.0, "worker " + (int) h[0] + ", step " + step);
        }
        assertTrue(expected[expected.length - 1] < base / 50, "the plateau must have cut the rate twice: "
                + java.util.Arrays.toString(expected));
    }

    @Test
    void aParamGroupsOwnScheduleIsReadAtTheGlobalStepOnEveryWorker() {
        Schedule run = Schedule.warmup(4).then(Schedule.cosine(20));
        Schedule biases = Schedule.warmup(8).then(Schedule.cosine(16));
        int epochs = 3;
        int perEpoch = 8;
        HEARD.clear();
        int[] rows = IntStream.range(0, 2 * perEpoch).toArray();
        SparkTrainer t = SparkTrainer.builder(spark, MLP).workers(2).batchSize(1).averageEvery(3)
                .optimizer(Optimizer.sgd(0.01).momentum(0.5)
                        .group(ParamGroup.biases().lr(0.3).schedule(Hyperparameter.LR, biases)))
                .schedule(run).epochs(epochs).seed(1)
                .workerListener((worker, step, lrs) -> HEARD.add(new double[] {worker, step, lrs[0], lrs[1]}))
                .build();
        t.fit(DATA.select(rows), null);

        Clock clock = Clock.of(perEpoch, (long) perEpoch * epochs);
        ScheduleGraph biasGraph = biases.compile(clock);
        ScheduleGraph runGraph = run.compile(clock);
        assertEquals(2 * perEpoch * epochs, HEARD.size());
        for (double[] h : HEARD) {
            long step = (long) h[1];
            assertEquals(biasGraph.lr(step, 0.3), h[2], 0.0, "biases, worker " + (int) h[0] + ", step " + step);
            assertEquals(runGraph.lr(step, 0.01), h[3], 0.0, "default group, worker " + (int) h[0] + ", step " + step);
        }
    }

    /**
     * Trains 2 workers, batch 1 each, {@code perEpoch} steps an epoch, averaging every 3 steps (or a
     * quarter epoch, when longer); returns what the workers heard.
     */
    private static List<double[]> train(Schedule schedule, double base, int epochs, int perEpoch, List<History> history) {
        HEARD.clear();
        int[] rows = IntStream.range(0, 2 * perEpoch).map(i -> i % DATA.rows()).toArray();
        SparkTrainer t = SparkTrainer.builder(spark, MLP).workers(2).batchSize(1).averageEvery(Math.max(3, perEpoch / 4))
                .optimizer(Optimizer.sgd(base).momentum(0.5)).schedule(schedule).epochs(epochs).seed(1)
                .workerListener((worker, step, lrs) -> HEARD.add(new double[] {worker, step, lrs[0]}))
                .build();
        History h = t.fit(DATA.select(rows), VALIDATION);
        if (history != null) {
            history.add(h);
        }
        return new ArrayList<>(HEARD);
    }

    private static Map<String, Object> params(JsonNode n) {
        @SuppressWarnings("unchecked")
        Map<String, Object> m = (Map<String, Object>) PythonValues.of(n);
        return m;
    }
}
