package dev.anneal.runtime.folder;

import static dev.anneal.Schedule.cosine;
import static dev.anneal.Schedule.plateau;
import static dev.anneal.Schedule.warmup;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.anneal.Schedule;
import dev.anneal.Span;
import dev.anneal.runtime.Activation;
import dev.anneal.runtime.Dataset;
import dev.anneal.runtime.EpochRecord;
import dev.anneal.runtime.History;
import dev.anneal.runtime.Mlp;
import dev.anneal.runtime.Optimizer;
import dev.anneal.runtime.ResumePoint;
import dev.anneal.runtime.RunFolder;
import dev.anneal.runtime.RunFolderConflictException;
import dev.anneal.runtime.Split;
import dev.anneal.runtime.Trainer;
import dev.anneal.runtime.TrainingDivergedException;
import dev.anneal.runtime.TrainingListener;
import dev.anneal.testing.SharedData;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link RunFolder}: checkpoints as they are written, run.json, resuming by running again, refusals. */
class RunFolderTest {
    private static final Split SPLIT = Dataset.csv(SharedData.file("data/synth-1000x20.csv")).label("label").read().split(800);
    private static final ObjectMapper JSON = new ObjectMapper();

    private static Trainer.Builder config(int epochs) {
        return Trainer.builder(Mlp.input(20).dense(16, Activation.RELU).dense(2))
                .optimizer(Optimizer.sgd(0.05).momentum(0.9))
                .schedule(warmup(Span.epochs(1)).then(plateau().patience(0).factor(0.5)))
                .batchSize(100).epochs(epochs).seed(3).standardize(true);
    }

    @Test
    void aStoppedRunContinuesWhenRunAgainAndEndsLikeAnUninterruptedOne(@TempDir Path dir) throws IOException {
        Trainer straight = config(8).build();
        History full = straight.fit(SPLIT);

        RunFolder folder = RunFolder.at(dir.resolve("run"));
        Trainer first = config(8).runFolder(folder).stopAfter(3).build();
        first.fit(SPLIT);
        assertEquals(3, first.history().epochs().size());
        assertEquals("stopped", runJson(dir.resolve("run")).get("status"));
        assertEquals(3, runJson(dir.resolve("run")).get("epoch"));
        assertTrue(Files.isRegularFile(dir.resolve("run/checkpoints/epoch-0003.ckpt")));

        List<ResumePoint> points = new ArrayList<>();
        Trainer again = config(8).runFolder(folder).listener(new TrainingListener() {
            @Override
            public void onEpochEnd(EpochRecord epoch, Trainer trainer) {
            }

            @Override
            public void onResume(ResumePoint point, Trainer trainer) {
                points.add(point);
            }
        }).build();
        History continued = again.fit(SPLIT);

        assertEquals(1, points.size());
        assertEquals(3, points.get(0).epoch());
        assertEquals(dir.resolve("run/checkpoints/epoch-0003.ckpt").toAbsolutePath(), points.get(0).checkpoint());
        assertEquals(withoutTimes(full.epochs()), withoutTimes(continued.epochs()));
        for (int i = 0; i < straight.network().parameters().size(); i++) {
            assertArrayEquals(straight.network().parameters().get(i).values(), again.network().parameters().get(i).values());
        }
        Map<String, Object> run = runJson(dir.resolve("run"));
        assertEquals("finished", run.get("status"));
        assertEquals(8, run.get("epoch"));
        assertEquals("cpu", run.get("device"));
        assertEquals("warmup(1.epochs) then plateau(factor=0.5, patience=0)", run.get("schedule"));
        assertTrue(Files.isRegularFile(dir.resolve("run/final.ckpt")));
        assertEquals(8, Files.readAllLines(dir.resolve("run/epochs.jsonl")).size());
    }

    @Test
    void keepsTheNewestCheckpointsAtAConstantSize(@TempDir Path dir) throws IOException {
        config(12).runFolder(RunFolder.at(dir).keep(3)).build().fit(SPLIT);

        List<Path> kept = RunDirectory.epochCheckpoints(dir.resolve("checkpoints"));
        assertEquals(List.of("epoch-0010.ckpt", "epoch-0011.ckpt", "epoch-0012.ckpt"),
                kept.stream().map(p -> p.getFileName().toString()).toList());
        long size = Files.size(kept.get(0));
        for (Path p : kept) {
            assertTrue(Math.abs(Files.size(p) - size) <= 16, p + ": " + Files.size(p) + " vs " + size);
        }
        assertEquals(sha(kept.get(2)), sha(dir.resolve("checkpoints/last.ckpt")));
        try (Stream<Path> files = Files.list(dir.resolve("checkpoints"))) {
            assertTrue(files.noneMatch(p -> p.toString().endsWith(".tmp")));
        }
    }

    @Test
    void keepBestKeepsTheEpochWithTheLowestValidationLoss(@TempDir Path dir) throws IOException {
        History h = config(6).runFolder(RunFolder.at(dir).keep(1).keepBest(true)).build().fit(SPLIT);

        EpochRecord best = h.epochs().stream().min(java.util.Comparator.comparingDouble(EpochRecord::valLoss)).orElseThrow();
        @SuppressWarnings("unchecked")
        Map<String, Object> saved = (Map<String, Object>) runJson(dir).get("best");
        assertEquals(best.epoch(), saved.get("epoch"));
        assertEquals(best.valLoss(), ((Number) saved.get("value")).doubleValue());
        CheckpointFile.Contents ckpt = CheckpointFile.read(dir.resolve("checkpoints/best.ckpt"));
        assertEquals(best.epoch(), ckpt.header().get("epoch"));
    }

    @Test
    void aFinishedRunIsRefusedAndLeftAsItWas(@TempDir Path dir) throws IOException {
        config(2).runFolder(RunFolder.at(dir)).build().fit(SPLIT);
        Map<String, String> before = listing(dir);

        RunFolderConflictException e = assertThrows(RunFolderConflictException.class,
                () -> config(2).runFolder(RunFolder.at(dir)).build().fit(SPLIT));
        assertTrue(e.getMessage().contains("holds a finished run (2 epochs)"), e.getMessage());
        assertEquals(before, listing(dir));

        config(2).runFolder(RunFolder.at(dir).restart(true)).build().fit(SPLIT);
        assertEquals("finished", runJson(dir).get("status"));
    }

    @Test
    void anotherScheduleIsRefusedNamingBoth(@TempDir Path dir) throws IOException {
        config(4).runFolder(RunFolder.at(dir)).stopAfter(2).build().fit(SPLIT);
        Map<String, String> before = listing(dir);

        RunFolderConflictException e = assertThrows(RunFolderConflictException.class,
                () -> config(4).schedule(cosine()).runFolder(RunFolder.at(dir)).build().fit(SPLIT));
        assertEquals(List.of("schedule: 'warmup(1.epochs) then plateau(factor=0.5, patience=0)' before, 'cosine()' now"),
                e.reasons());
        assertEquals(before, listing(dir));
    }

    @Test
    void moreEpochsAreAcceptedOnlyWhenNoScheduleDependsOnTheLength(@TempDir Path dir) throws IOException {
        Path constant = dir.resolve("constant");
        Trainer.Builder flat = config(4).schedule(Schedule.constant());
        flat.runFolder(RunFolder.at(constant)).stopAfter(2).build().fit(SPLIT);
        List<ResumePoint> points = new ArrayList<>();
        History longer = config(6).schedule(Schedule.constant()).runFolder(RunFolder.at(constant))
                .listener(new TrainingListener() {
                    @Override
                    public void onEpochEnd(EpochRecord epoch, Trainer trainer) {
                    }

                    @Override
                    public void onResume(ResumePoint point, Trainer trainer) {
                        points.add(point);
                    }
                }).build().fit(SPLIT);
        assertEquals(6, longer.epochs().size());
        assertEquals(1, points.get(0).accepted().size());
        assertTrue(points.get(0).accepted().get(0).startsWith("epochs: 4 before, 6 now; accepted"));

        Path cos = dir.resolve("cosine");
        config(4).schedule(cosine()).runFolder(RunFolder.at(cos)).stopAfter(2).build().fit(SPLIT);
        RunFolderConflictException e = assertThrows(RunFolderConflictException.class,
                () -> config(6).schedule(cosine()).runFolder(RunFolder.at(cos)).build().fit(SPLIT));
        assertEquals(List.of("epochs: 4 before, 6 now, and the schedule 'cosine()' depends on the run's length, "
                + "so the epochs already run would change"), e.reasons());
    }

    @Test
    void aFileOrAForeignFolderIsRefused(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("notes.txt"), "mine");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> config(1).runFolder(RunFolder.at(file)).build().fit(SPLIT));
        assertEquals(file + " is a file, not a folder", e.getMessage());
        assertEquals("mine", Files.readString(file));

        IllegalArgumentException foreign = assertThrows(IllegalArgumentException.class,
                () -> config(1).runFolder(RunFolder.at(dir).restart(true)).build().fit(SPLIT));
        assertTrue(foreign.getMessage().contains("holds files but no Anneal run"), foreign.getMessage());
        assertEquals(List.of(file), Files.list(dir).toList());
    }

    @Test
    void aDamagedNewestCheckpointIsPassedOverForTheNewestIntactOneNamingBoth(@TempDir Path dir) throws IOException {
        List<String> uninterrupted = withoutTimes(config(4).build().fit(SPLIT).epochs());
        Map<String, byte[]> damages = new TreeMap<>();
        damages.put("truncated", null);
        damages.put("is not an Anneal checkpoint", null);
        for (String damage : damages.keySet()) {
            Path run = dir.resolve(damage.replace(' ', '-'));
            config(4).runFolder(RunFolder.at(run)).stopAfter(3).build().fit(SPLIT);
            Path newest = run.resolve("checkpoints/epoch-0003.ckpt");
            Files.delete(run.resolve("final.ckpt"));
            byte[] good = Files.readAllBytes(newest);
            byte[] bad = damage.equals("truncated") ? java.util.Arrays.copyOf(good, good.length / 2) : good.clone();
            bad[0] = damage.equals("truncated") ? bad[0] : (byte) 'X';
            Files.write(newest, bad);
            List<ResumePoint> resumed = new ArrayList<>();
            History h = config(4).runFolder(RunFolder.at(run)).listener(new TrainingListener() {
                @Override
                public void onEpochEnd(EpochRecord epoch, Trainer trainer) {
                }

                @Override
                public void onResume(ResumePoint point, Trainer trainer) {
                    resumed.add(point);
                }
            }).build().fit(SPLIT);
            assertEquals(run.resolve("checkpoints/epoch-0002.ckpt").toAbsolutePath(), resumed.get(0).checkpoint());
            assertEquals(2, resumed.get(0).epoch());
            assertEquals(1, resumed.get(0).skipped().size());
            assertTrue(resumed.get(0).skipped().get(0).startsWith("checkpoints/epoch-0003.ckpt: ")
                    && resumed.get(0).skipped().get(0).contains(damage), resumed.get(0).skipped().toString());
            assertEquals(uninterrupted, withoutTimes(h.epochs()));
        }
    }

    @Test
    void aFolderWithNoCheckpointYetRefusesAnotherScheduleAndStaysByteIdentical(@TempDir Path dir) throws IOException {
        TrainingListener crash = (epoch, trainer) -> {
            throw new IllegalStateException("crash after epoch " + epoch.epoch());
        };
        assertThrows(IllegalStateException.class, () -> config(4).runFolder(RunFolder.at(dir).checkpointAtStopsOnly())
                .listener(crash).build().fit(SPLIT));
        assertEquals(List.of(), Files.list(dir.resolve("checkpoints")).toList(), "no checkpoint yet");
        Map<String, String> before = listing(dir);

        RunFolderConflictException e = assertThrows(RunFolderConflictException.class,
                () -> config(4).schedule(cosine()).runFolder(RunFolder.at(dir)).build().fit(SPLIT));
        assertTrue(e.getMessage().contains("a run of another configuration") && e.getMessage().contains("schedule"),
                e.getMessage());
        assertEquals(before, listing(dir));
    }

    @Test
    void aCheckpointOfANewerAnnealIsRefusedNamingTheFile(@TempDir Path dir) throws IOException {
        config(4).runFolder(RunFolder.at(dir)).stopAfter(2).build().fit(SPLIT);
        Path newest = dir.resolve("checkpoints/epoch-0002.ckpt");
        byte[] future = Files.readAllBytes(newest);
        future[11] = 9;
        Files.write(newest, future);
        Map<String, String> before = listing(dir);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> config(4).runFolder(RunFolder.at(dir)).build().fit(SPLIT));
        assertTrue(e.getMessage().startsWith(newest.toAbsolutePath().toString())
                && e.getMessage().contains("checkpoint format 9 was written by a newer Anneal; this runtime reads format 2"),
                e.getMessage());
        assertEquals(before, listing(dir));
    }

    @Test
    void aNonFiniteLossStopsAtItsStepWithTheLearningRateAndTheLastCheckpoint(@TempDir Path dir) throws IOException {
        Schedule explode = Schedule.constant().lasting(Span.epochs(2)).then(Schedule.constant(1e12));
        Trainer t = config(6).schedule(explode).runFolder(RunFolder.at(dir)).build();
        TrainingDivergedException e = assertThrows(TrainingDivergedException.class, () -> t.fit(SPLIT));
        assertEquals(3, e.epoch());
        assertTrue(e.step() >= 16 && e.step() < 24, "a step of epoch 3: " + e.step());
        assertTrue(e.getMessage().contains("at epoch 3, step " + e.step() + " (batch " + (e.step() - 15) + " of 8, "
                + "learning rate 5.0E10); the last good checkpoint is " + dir.resolve("checkpoints/epoch-0002.ckpt")),
                e.getMessage());
        assertEquals(2, t.history().epochs().size());
        Map<String, Object> run = runJson(dir);
        assertEquals("diverged", run.get("status"));
        assertEquals(e.getMessage(), run.get("error"));
        assertThrows(RunFolderConflictException.class, () -> config(6).schedule(explode).runFolder(RunFolder.at(dir))
                .build().fit(SPLIT));
    }

    private static List<String> withoutTimes(List<EpochRecord> epochs) {
        return epochs.stream().map(e -> e.epoch() + " " + e.steps() + " " + e.trainLoss() + " " + e.valLoss() + " "
                + e.valAccuracy() + " " + e.lr()).toList();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> runJson(Path dir) throws IOException {
        return JSON.readValue(dir.resolve("run.json").toFile(), Map.class);
    }

    /** Every file under {@code dir} with its size and hash. */
    static Map<String, String> listing(Path dir) throws IOException {
        Map<String, String> out = new TreeMap<>();
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : all.filter(Files::isRegularFile).toList()) {
                out.put(dir.relativize(p).toString(), Files.size(p) + " " + sha(p));
            }
        }
        return out;
    }

    private static String sha(Path p) throws IOException {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(p)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
