package dev.anneal.runtime;

import static dev.anneal.Schedule.cosine;
import static dev.anneal.Schedule.warmup;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.anneal.testing.SharedData;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The README's Java training script, run as written (data and checkpoint paths aside). */
class ReadmeJavaExampleTest {

    @Test
    void theReadmeScriptTrainsToTheReferenceAccuracy(@TempDir Path dir) {
        Path csv = SharedData.file("data/synth-1000x20.csv");
        Path checkpoint = dir.resolve("run.ckpt");
        // --- README: Java ---
        Split data = Dataset.csv(csv).label("label").read().split(800);
        Trainer trainer = Trainer.builder(Mlp.input(20).dense(64, Activation.RELU).dense(2))
                .optimizer(Optimizer.sgd(0.1).momentum(0.9).weightDecay(5e-4)
                        .group(ParamGroup.biases().weightDecay(0.0)))
                .schedule(warmup(50).startFactor(0.1).then(cosine(450)))
                .batchSize(32).epochs(20).seed(1).checkpoint(checkpoint)
                .listener(TrainingListener.progress(System.out))
                .build();
        History history = trainer.fit(data);
        System.out.println("validation accuracy " + history.last().valAccuracy());
        // --- end ---
        assertTrue(history.last().valAccuracy() >= 0.88, "accuracy " + history.last().valAccuracy());
        assertTrue(checkpoint.toFile().isFile());
    }
}
