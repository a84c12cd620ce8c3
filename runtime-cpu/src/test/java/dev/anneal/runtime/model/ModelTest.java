package dev.anneal.runtime.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.anneal.Schedule;
import dev.anneal.runtime.Activation;
import dev.anneal.runtime.Dataset;
import dev.anneal.runtime.History;
import dev.anneal.runtime.Init;
import dev.anneal.runtime.Loss;
import dev.anneal.runtime.Mlp;
import dev.anneal.runtime.Optimizer;
import dev.anneal.runtime.RunFolder;
import dev.anneal.runtime.Split;
import dev.anneal.runtime.Trainer;
import dev.anneal.runtime.backend.Precision;
import dev.anneal.runtime.nd4j.CpuBackend;
import dev.anneal.testing.SharedData;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link Model}: what a run saved, loaded from a checkpoint, a run folder or a sweep folder, and used. */
class ModelTest {
    @TempDir
    static Path dir;
    static Split data;
    static Trainer trainer;
    static History history;
    static Path run;

    @BeforeAll
    static void trainARunFolder() {
        data = Dataset.csv(SharedData.file("data/synth-1000x20.csv")).label("label").read().split(800);
        run = dir.resolve("run");
        trainer = Trainer.builder(Mlp.input(20).dense(16, Activation.TANH, Init.HE).dense(2))
                .optimizer(Optimizer.sgd(0.1).momentum(0.9)).schedule(Schedule.warmup(25).then(Schedule.cosine()))
                .standardize(true).epochs(3).seed(5).runFolder(RunFolder.at(run)).build();
        history = trainer.fit(data);
    }

    private static double[][] rows(Dataset d) {
        double[][] rows = new double[d.rows()][];
        for (int r = 0; r < rows.length; r++) {
            rows[r] = d.features(r);
        }
        return rows;
    }

    @Test
    void aRunFolderGivesItsFinalCheckpointWithNamesStandardizerAndSchedule() {
        Model model = Model.load(run);
        assertEquals(run.resolve("final.ckpt"), model.source());
        assertEquals(trainer.network().spec(), model.spec());
        assertEquals(Precision.FLOAT32, model.precision());
        assertEquals(trainer.network().standardizer(), model.standardizer());
        assertEquals(List.of("f0", "f1", "f2", "f3", "f4", "f5", "f6", "f7", "f8", "f9", "f10", "f11", "f12", "f13",
                "f14", "f15", "f16", "f17", "f18", "f19"), model.features());
        assertEquals(List.of("0", "1"), model.classes());
        assertEquals("label", model.target());
        assertTrue(model.isClassification());
        assertEquals("warmup(25) then cosine()", model.schedule());
    }

    @Test
    void predictionsAreTheTrainedNetworksAndScoreItsLastValidationAccuracy() {
        Model model = Model.load(run.resolve("final.ckpt"));
        double[][] rows = rows(data.validation());
        double[][] p = model.predict(rows);
        double[][] trained = trainer.network().predict(rows);
        for (int r = 0; r < rows.length; r++) {
            assertArrayEquals(trained[r], p[r], "row " + r);
        }
        List<String> predicted = model.predictClass(rows);
        int right = 0;
        for (int r = 0; r < rows.length; r++) {
            right += predicted.get(r).equals(data.validation().classes().get(data.validation().label(r))) ? 1 : 0;
        }
        assertEquals(history.last().valAccuracy(), (double) right / rows.length);
    }

    @Test
    void aSweepFolderGivesItsBestCheckpoint() throws IOException {
        Path sweep = Files.createDirectories(dir.resolve("sweep"));
        Files.copy(run.resolve("final.ckpt"), sweep.resolve("best.ckpt"));
        Files.writeString(sweep.resolve("sweep.csv"), "rank,trial\n");
        assertEquals(sweep.resolve("best.ckpt"), Model.load(sweep).source());
    }

    @Test
    void aFloat64RegressionRunLoadsInFloat64() {
        double[][] x = {{1, 2}, {2, 1}, {3, 5}, {4, 4}, {5, 7}, {6, 3}};
        double[][] y = {{3}, {3}, {8}, {8}, {12}, {9}};
        Path ckpt = dir.resolve("regression.ckpt");
        Trainer t = Trainer.builder(Mlp.input(2).dense(4, Activation.GELU).dense(1).loss(Loss.MSE))
                .backend(CpuBackend.create(Precision.FLOAT64)).batchSize(2).epochs(2).checkpoint(ckpt).build();
        t.fit(Dataset.regression(x, y).split(4));
        Model model = Model.load(ckpt);
        assertEquals(Precision.FLOAT64, model.precision());
        assertEquals("target", model.target());
        assertEquals(List.of(), model.classes());
        assertNull(model.standardizer());
        assertArrayEquals(t.network().predict(x)[5], model.predict(x)[5]);
        String message = assertThrows(IllegalStateException.class, () -> model.predictClass(x)).getMessage();
        assertEquals("predictClass: " + ckpt + " is a regression model (target target); use predict", message);
    }

    @Test
    void whatIsNotAModelIsRefusedInOneLineNamingThePath() throws IOException {
        Path text = Files.writeString(dir.resolve("notes.ckpt"), "not a model");
        assertEquals(text + " is not an Anneal model: it is not an Anneal checkpoint (expected a .ckpt written by "
                + "Anneal, a run folder or a sweep folder)", message(text));
        assertEquals("no such file or folder: " + dir.resolve("nothing"), message(dir.resolve("nothing")));
        Path empty = Files.createDirectories(dir.resolve("empty"));
        assertEquals(empty + " is a folder that holds neither final.ckpt (a run's) nor best.ckpt (a sweep's)",
                message(empty));
        Path unfinished = Files.createDirectories(dir.resolve("unfinished"));
        Files.writeString(unfinished.resolve("run.json"), "{}");
        assertEquals(unfinished + " is a run folder without final.ckpt (the run has not finished); name one of its "
                + "checkpoints, e.g. " + unfinished.resolve("checkpoints").resolve("last.ckpt"), message(unfinished));
        Path truncated = dir.resolve("truncated.ckpt");
        Files.write(truncated, java.util.Arrays.copyOf(Files.readAllBytes(run.resolve("final.ckpt")), 100));
        assertTrue(message(truncated).startsWith(truncated + ": checkpoint is truncated"), message(truncated));
    }

    @Test
    void exportingWithoutAnnealOnnxSaysWhatToAdd() {
        Model model = Model.load(run);
        String message = assertThrows(IllegalStateException.class, () -> model.exportOnnx(dir.resolve("m.onnx")))
                .getMessage();
        assertEquals("Model.exportOnnx needs anneal-onnx on the class path (dev.anneal:anneal-onnx, which brings "
                + "protobuf-java)", message);
        assertTrue(Files.notExists(dir.resolve("m.onnx")));
    }

    private static String message(Path path) {
        return assertThrows(IllegalArgumentException.class, () -> Model.load(path)).getMessage();
    }
}
