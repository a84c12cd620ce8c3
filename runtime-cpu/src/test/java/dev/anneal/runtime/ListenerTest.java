package dev.anneal.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.anneal.runtime.backend.Precision;
import dev.anneal.testing.SharedData;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ListenerTest {
    private static final Split SPLIT = Dataset.csv(SharedData.file("data/synth-1000x20.csv")).label("label").read().split(800);

    @Test
    void earlyStoppingEndsTheRunWhenTheMetricStopsImproving() {
        Trainer t = Trainer.builder(Mlp.input(20).dense(16, Activation.RELU).dense(2))
                .optimizer(Optimizer.sgd(0.0)).epochs(30).seed(1)
                .listener(new EarlyStopping(Metric.VAL_LOSS, 3, 0.0)).build();
        History h = t.fit(SPLIT);
        assertEquals(4, h.epochs().size(), "lr 0 never improves: epoch 1 sets the best, 3 more without improvement");
        assertTrue(t.stopReason().startsWith("early stopping: val_loss has not improved"), t.stopReason());
    }

    @Test
    void progressPrintsOneLinePerEpochWithLossesAccuracyAndEachGroupsLr() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        Trainer t = Trainer.builder(Mlp.input(20).dense(16, Activation.RELU).dense(2))
                .optimizer(Optimizer.sgd(0.05).group(ParamGroup.biases().lr(0.01))).epochs(2).seed(1)
                .listener(TrainingListener.progress(new PrintStream(bytes, true, StandardCharsets.UTF_8))).build();
        History h = t.fit(SPLIT);
        String[] lines = bytes.toString(StandardCharsets.UTF_8).split("\n");
        assertEquals(2, lines.length);
        EpochRecord e = h.epochs().get(1);
        assertTrue(lines[1].startsWith(String.format(java.util.Locale.ROOT,
                "epoch 2/2  train loss %.4f  val loss %.4f  val acc %.4f  lr after[biases] 0.01000  lr after[default] 0.05000  ",
                e.trainLoss(), e.valLoss(), e.valAccuracy())), lines[1]);
        assertEquals(Map.of("biases", 0.01, "default", 0.05), e.lr());
    }

    @Test
    void progressPrintsTheLrAfterTheEpochNotTheLastStepsLr() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        Trainer t = Trainer.builder(Mlp.input(20).dense(16, Activation.RELU).dense(2))
                .optimizer(Optimizer.sgd(0.1)).schedule(dev.anneal.Schedule.warmup(dev.anneal.Span.epochs(2)))
                .epochs(1).seed(1)
                .listener(TrainingListener.progress(new PrintStream(bytes, true, StandardCharsets.UTF_8))).build();
        History h = t.fit(SPLIT);
        String line = bytes.toString(StandardCharsets.UTF_8).strip();
        assertTrue(line.contains("  lr after 0.05000  "), "25 steps of a 50-step warmup: step 25 uses 0.05; " + line);
        assertEquals(0.1 * 24 / 50, h.epochs().get(0).lr().get("default"), 1e-15, "the last step (24) used 0.048");
        assertEquals(Map.of("default", 0.05), t.nextLr());
    }

    @Test
    void theRuntimeSetsOneBlasThreadWhenAskedAndRejectsABadProperty() {
        dev.anneal.runtime.nd4j.CpuBackend b = dev.anneal.runtime.nd4j.CpuBackend.create(Precision.FLOAT32, 1);
        assertTrue(b.toString().contains(", 1 thread(s), "), b.toString());
        String old = System.setProperty(dev.anneal.runtime.nd4j.CpuThreads.PROPERTY, "many");
        try {
            IllegalArgumentException ex = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                    dev.anneal.runtime.nd4j.CpuThreads::defaultCount);
            assertEquals("system property anneal.threads must be an integer >= 1, got 'many'", ex.getMessage());
        } finally {
            if (old == null) {
                System.clearProperty(dev.anneal.runtime.nd4j.CpuThreads.PROPERTY);
            } else {
                System.setProperty(dev.anneal.runtime.nd4j.CpuThreads.PROPERTY, old);
            }
        }
    }
}
