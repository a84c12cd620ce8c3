package dev.anneal.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.anneal.runtime.Activation;
import dev.anneal.runtime.Dataset;
import dev.anneal.runtime.EpochRecord;
import dev.anneal.runtime.History;
import dev.anneal.runtime.Mlp;
import dev.anneal.runtime.Split;
import dev.anneal.runtime.folder.SavedRun;
import dev.anneal.runtime.sweep.Halving;
import dev.anneal.runtime.sweep.SearchSpace;
import dev.anneal.runtime.sweep.Sweep;
import dev.anneal.runtime.sweep.SweepResult;
import dev.anneal.runtime.sweep.TrialOutcome;
import dev.anneal.runtime.sweep.TrialRunner;
import dev.anneal.runtime.sweep.TrialTrainer;
import dev.anneal.testing.SharedData;
import java.io.DataInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A sweep with halving on {@code local[2]} gives what the same sweep gives on local threads: the
 * same leaderboard ({@code sweep.csv} byte for byte), the same outcomes (statuses, rungs, every
 * epoch's numbers, a diverged trial's message) and the same best checkpoint; also when every
 * task's first attempt fails after training, so that Spark runs it again.
 */
class SparkTrialRunnerTest {
    static final Split SPLIT = Dataset.csv(SharedData.file("data/synth-1000x20.csv")).label("label").read()
            .split(800);
    static final Mlp MLP = Mlp.input(20).dense(32, Activation.RELU).dense(2);
    /** 6 trials, 4 epochs, rungs at epochs 1, 2 and 4; the two with lr 1e5 diverge in their first epoch. */
    static final SearchSpace SPACE = SearchSpace.builder().schedule("warmup({w}) then cosine()")
            .hole("w", "0", "1.epochs").lrs(0.03, 0.3, 1e5).epochs(4).build();
    static final Halving HALVING = Halving.parse("eta=2,min-epochs=1");
    private static JavaSparkContext spark;

    @TempDir
    Path dir;

    @BeforeAll
    static void start() {
        spark = LocalSpark.start("local[2,2]");   // 2 threads, a task tried up to 2 times
    }

    @AfterAll
    static void stop() {
        if (spark != null) {
            spark.stop();
        }
    }

    @Test
    void aSweepOnSparkRanksAsOnLocalThreads() throws IOException {
        TrialTrainer trainer = TrialTrainer.of(MLP, SPLIT);
        SweepResult local = sweep(TrialRunner.local(2), trainer, dir.resolve("local"));
        SweepResult onSpark;
        try (SparkTrialRunner runner = new SparkTrialRunner(spark, 2)) {
            onSpark = sweep(runner, trainer, dir.resolve("spark"));
        }

        assertSame(local, dir.resolve("local"), onSpark, dir.resolve("spark"));
        assertEquals(List.of("finished", "finished", "stopped", "stopped", "diverged", "diverged"),
                onSpark.ranked().stream().map(TrialOutcome::status).toList());
        assertEquals(List.of(4, 4, 2, 1, 0, 0), onSpark.ranked().stream().map(TrialOutcome::epochsRun).toList());
        // the driver holds each trial's folder as a local sweep leaves it
        for (TrialOutcome o : onSpark.ranked()) {
            Path folder = Sweep.trialFolder(dir.resolve("spark"), o.trial());
            assertEquals(files(Sweep.trialFolder(dir.resolve("local"), o.trial())), files(folder), o.trial().name());
            assertEquals(o.status(), SavedRun.read(folder).orElseThrow().status(), o.trial().name());
        }
    }

    @Test
    void aTaskTriedAgainAfterItTrainedGivesTheSameResult() throws IOException {
        TrialTrainer trainer = TrialTrainer.of(MLP, SPLIT);
        TrialTrainer failsFirst = task -> {
            History h = trainer.train(task);   // trains in the attempt's scratch folder, then the attempt fails
            if (TaskContext.get().attemptNumber() == 0) {
                throw new AssertionError("attempt 0 of " + task.trial().name() + " fails after training");
            }
            return h;
        };
        SweepResult local = sweep(TrialRunner.local(2), trainer, dir.resolve("local"));
        SweepResult onSpark;
        try (SparkTrialRunner runner = new SparkTrialRunner(spark, 2)) {
            onSpark = sweep(runner, failsFirst, dir.resolve("spark"));
        }

        assertSame(local, dir.resolve("local"), onSpark, dir.resolve("spark"));
    }

    /** The sweep of {@link #SPACE} on {@code runner}, which it closes, into {@code out}. */
    static SweepResult sweep(TrialRunner runner, TrialTrainer trainer, Path out) throws IOException {
        try (runner) {
            SweepResult result = Sweep.builder(SPACE).trainer(trainer).runner(runner).halving(HALVING).out(out)
                    .build().run();
            result.write(out);
            return result;
        }
    }

    /** The two sweeps ranked the same trials with the same results. */
    static void assertSame(SweepResult expected, Path expectedOut, SweepResult actual, Path actualOut)
            throws IOException {
        assertEquals(Files.readString(expectedOut.resolve("sweep.csv")), Files.readString(actualOut.resolve("sweep.csv")));
        assertEquals(6, actual.ranked().size());
        for (int i = 0; i < expected.ranked().size(); i++) {
            TrialOutcome e = expected.ranked().get(i);
            TrialOutcome a = actual.ranked().get(i);
            assertEquals(e.trial(), a.trial());
            assertEquals(e.status(), a.status(), e.trial().name());
            assertEquals(e.stoppedAt(), a.stoppedAt(), e.trial().name());
            assertEquals(e.error() == null ? null : e.error().replace(expectedOut.toString(), actualOut.toString()),
                    a.error(), e.trial().name());
            assertEquals(numbers(e.epochs()), numbers(a.epochs()), e.trial().name());
        }
        assertArrayEquals(tensors(expectedOut.resolve("best.ckpt")), tensors(actualOut.resolve("best.ckpt")));
        assertFalse(actual.best().epochs().isEmpty());
        assertTrue(actual.best().valAccuracy() > 0.8, "best val acc " + actual.best().valAccuracy());
    }

    /** An epoch's record without its time. */
    private record Numbers(int epoch, long steps, double trainLoss, double valLoss, double valAccuracy,
                           Map<String, Double> lr) {
    }

    private static List<Numbers> numbers(List<EpochRecord> epochs) {
        return epochs.stream().map(r -> new Numbers(r.epoch(), r.steps(), r.trainLoss(), r.valLoss(), r.valAccuracy(),
                r.lr())).toList();
    }

    /** A checkpoint's tensors: the bytes after its JSON header (which holds the epochs' times). */
    private static byte[] tensors(Path checkpoint) throws IOException {
        try (DataInputStream in = new DataInputStream(Files.newInputStream(checkpoint))) {
            in.skipNBytes("ANNEALCK".length() + Integer.BYTES);
            in.skipNBytes(in.readInt());
            byte[] rest = in.readAllBytes();
            assertTrue(rest.length > 0, checkpoint.toString());
            return rest;
        }
    }

    private static List<String> files(Path folder) throws IOException {
        try (var all = Files.walk(folder)) {
            return all.filter(Files::isRegularFile).map(f -> folder.relativize(f).toString())
                    .map(f -> f.replaceFirst("^events\\.out\\.tfevents\\..*", "events.out.tfevents.<time>.<host>"))
                    .sorted().toList();
        }
    }
}
