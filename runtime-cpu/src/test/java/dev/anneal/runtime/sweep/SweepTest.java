package dev.anneal.runtime.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.anneal.runtime.folder.SavedRun;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SweepTest {
    @TempDir
    Path tmp;

    private SweepResult sweep(SearchSpace space, Halving halving, int workers, TrialTrainer trainer, Path out)
            throws IOException {
        try (TrialRunner runner = TrialRunner.local(workers)) {
            SweepResult result = Sweep.builder(space).trainer(trainer).runner(runner).halving(halving).out(out)
                    .build().run();
            result.write(out);
            return result;
        }
    }

    @Test
    void oneAndTwoWorkersGiveTheSameTrialsHistoriesAndRanking() throws IOException {
        TrialTrainer trainer = TrialTrainer.of(SweepFixtures.MLP, SweepFixtures.data());
        Halving halving = new Halving(2, 1, dev.anneal.runtime.Metric.VAL_LOSS);
        SweepResult one = sweep(SweepFixtures.sixTrials(), halving, 1, trainer, tmp.resolve("one"));
        SweepResult two = sweep(SweepFixtures.sixTrials(), halving, 2, trainer, tmp.resolve("two"));

        assertEquals(Files.readString(tmp.resolve("one/sweep.csv")), Files.readString(tmp.resolve("two/sweep.csv")));
        for (int i = 0; i < one.ranked().size(); i++) {
            assertEquals(one.ranked().get(i).epochs().stream().map(e -> e.valLoss()).toList(),
                    two.ranked().get(i).epochs().stream().map(e -> e.valLoss()).toList());
        }
        assertTrue(one.ranked().stream().anyMatch(o -> o.status().equals("stopped")), one.csv());
        assertTrue(Files.isRegularFile(tmp.resolve("one/best.ckpt")));
    }

    @Test
    void halvingStopsTrialsAtTheirRungAndTheRunFolderSaysStopped() throws IOException {
        TrialTrainer trainer = TrialTrainer.of(SweepFixtures.MLP, SweepFixtures.data());
        SweepResult result = sweep(SweepFixtures.sixTrials(), new Halving(2, 1, dev.anneal.runtime.Metric.VAL_LOSS),
                2, trainer, tmp.resolve("s"));

        // rungs 1, 2, then the end (4): entry order decides, see PromotionsTest
        int finished = 0;
        for (TrialOutcome o : result.ranked()) {
            SavedRun saved = SavedRun.read(o.folder()).orElseThrow();
            if (o.status().equals("stopped")) {
                assertTrue(o.stoppedAt() == 1 || o.stoppedAt() == 2, o.toString());
                assertEquals(o.stoppedAt(), o.epochsRun());
                assertEquals("stopped", saved.status());
                assertEquals(o.stoppedAt(), saved.epoch());
            } else {
                assertEquals("finished", o.status());
                assertEquals(4, o.epochsRun());
                assertEquals("finished", saved.status());
                finished++;
            }
        }
        assertTrue(finished >= 1 && finished < 6, result.csv());
        assertEquals("finished", result.best().status());
        assertTrue(result.epochsRun() < result.epochsFull());
        // the ranking: finished first, then by epochs run, then by validation loss
        for (int i = 1; i < result.ranked().size(); i++) {
            TrialOutcome a = result.ranked().get(i - 1);
            TrialOutcome b = result.ranked().get(i);
            assertTrue(a.epochsRun() > b.epochsRun() || a.epochsRun() == b.epochsRun() && a.valLoss() <= b.valLoss());
        }
    }

    @Test
    void aRerunSkipsWhatWasRunAndContinuesTheInterruptedTrialFromItsCheckpoint() throws IOException {
        TrialTrainer real = TrialTrainer.of(SweepFixtures.MLP, SweepFixtures.data());
        Path out = tmp.resolve("crash");
        // the first run is cut short: trials 1 and 2 finish, trial 3 is killed after 2 of its 4 epochs,
        // the others never start (their tasks fail at once)
        TrialTrainer interrupted = task -> {
            int n = task.trial().number();
            if (n <= 2) {
                return real.train(task);
            }
            if (n == 3) {
                real.train(new TrialTask(task.trial(), task.folder(), 2));
            }
            throw new IllegalStateException("killed");
        };
        sweep(SweepFixtures.sixTrials(), null, 1, interrupted, out);
        assertEquals("stopped", SavedRun.read(out.resolve("trials/trial-003")).orElseThrow().status());

        List<String> calls = Collections.synchronizedList(new ArrayList<>());
        Map<String, Integer> firstEpochRun = Collections.synchronizedMap(new TreeMap<>());
        TrialTrainer counting = task -> {
            calls.add(task.trial().name());
            firstEpochRun.put(task.trial().name(),
                    SavedRun.read(task.folderPath()).map(s -> s.epoch() + 1).orElse(1));
            return real.train(task);
        };
        SweepResult resumed = sweep(SweepFixtures.sixTrials(), null, 2, counting, out);
        SweepResult straight = sweep(SweepFixtures.sixTrials(), null, 2, real, tmp.resolve("straight"));

        assertEquals(List.of("trial-003", "trial-004", "trial-005", "trial-006"), calls.stream().sorted().toList());
        assertEquals(3, firstEpochRun.get("trial-003"));
        assertEquals(straight.csv(), resumed.csv());
    }

    @Test
    void aFolderHoldingAnotherSweepIsRefusedWithNothingChanged() throws IOException {
        TrialTrainer trainer = TrialTrainer.of(SweepFixtures.MLP, SweepFixtures.data());
        Path out = tmp.resolve("a");
        sweep(SweepFixtures.sixTrials(), null, 2, trainer, out);
        String plan = Files.readString(out.resolve("plan.json"));
        SearchSpace other = SearchSpace.builder().schedule("cosine()").lrs(0.1).epochs(4).build();
        try (TrialRunner runner = TrialRunner.local(1)) {
            IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                    () -> Sweep.builder(other).trainer(trainer).runner(runner).out(out).build().run());
            assertTrue(e.getMessage().contains("holds another sweep"), e.getMessage());
        }
        assertEquals(plan, Files.readString(out.resolve("plan.json")));
    }

    @Test
    void tasksAndHistoriesTravelAsSerializedValues() throws Exception {
        Trial trial = SweepFixtures.sixTrials().trials().get(3);
        TrialTask task = new TrialTask(trial, tmp.resolve("t").toString(), 2);
        dev.anneal.runtime.History history = TrialTrainer.of(SweepFixtures.MLP, SweepFixtures.data()).train(task);
        assertEquals(task, roundTrip(task));
        assertEquals(history, roundTrip(history));
        assertEquals(2, history.epochs().size());
    }

    @Test
    void aTrainerOfAnMlpAndItsDataTravelsAndTrainsAlike() throws Exception {
        Trial trial = SweepFixtures.sixTrials().trials().get(3);
        TrialTrainer trainer = (TrialTrainer) roundTrip(TrialTrainer.of(SweepFixtures.MLP, SweepFixtures.data()));
        dev.anneal.runtime.History here = TrialTrainer.of(SweepFixtures.MLP, SweepFixtures.data())
                .train(new TrialTask(trial, tmp.resolve("here").toString(), 2));
        dev.anneal.runtime.History there = trainer.train(new TrialTask(trial, tmp.resolve("there").toString(), 2));
        assertEquals(SweepFixtures.MLP, roundTrip(SweepFixtures.MLP));
        assertEquals(here.epochs().stream().map(e -> e.valLoss()).toList(),
                there.epochs().stream().map(e -> e.valLoss()).toList());
        assertEquals(2, there.epochs().size());
    }

    private static Object roundTrip(Object value) throws Exception {
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        try (java.io.ObjectOutputStream out = new java.io.ObjectOutputStream(bytes)) {
            out.writeObject(value);
        }
        try (java.io.ObjectInputStream in = new java.io.ObjectInputStream(
                new java.io.ByteArrayInputStream(bytes.toByteArray()))) {
            return in.readObject();
        }
    }

    @Test
    void gridListsEveryCombinationInNestingOrder() {
        SearchSpace space = SearchSpace.builder()
                .schedule("warmup({w}) then cosine(etaMin={eta})", "constant()")
                .hole("w", "0", "2.epochs").hole("eta", "0", "1e-4")
                .lrs(0.01, 0.1).seeds(1, 2).epochs(5).build();
        List<Trial> trials = space.trials();
        assertEquals(20, space.size());
        assertEquals(20, trials.size());
        assertEquals("warmup(0) then cosine(etaMin=0)", trials.get(0).config().schedule());
        assertEquals(1, trials.get(0).config().seed());
        assertEquals(2, trials.get(1).config().seed());
        assertEquals(0.1, trials.get(2).config().lr());
        assertEquals("warmup(0) then cosine(etaMin=1e-4)", trials.get(4).config().schedule());
        assertEquals(Map.of("w", "2.epochs", "eta", "1e-4"), trials.get(12).config().holes());
        assertEquals("constant()", trials.get(16).config().schedule());
        assertEquals("trial-017", trials.get(16).name());
    }

    @Test
    void randomSearchIsSeeded() {
        SearchSpace.Builder b = SearchSpace.builder().schedule("warmup({w}) then cosine()")
                .hole("w", "0", "1.epochs", "2.epochs").lrLogUniform(1e-3, 1).seeds(1, 2, 3).epochs(5);
        List<Trial> a = b.random(12, 7).build().trials();
        List<Trial> again = b.random(12, 7).build().trials();
        List<Trial> other = b.random(12, 8).build().trials();
        assertEquals(12, a.size());
        assertEquals(a, again);
        assertNotEquals(a, other);
        assertTrue(a.stream().allMatch(t -> t.config().lr() >= 1e-3 && t.config().lr() <= 1), a.toString());
        assertFalse(a.stream().map(t -> t.config().lr()).distinct().count() < 12);
    }
}
