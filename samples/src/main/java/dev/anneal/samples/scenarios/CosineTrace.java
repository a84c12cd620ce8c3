package dev.anneal.samples.scenarios;

import dev.anneal.runtime.Activation;
import dev.anneal.runtime.Mlp;
import dev.anneal.runtime.Optimizer;
import dev.anneal.runtime.Split;
import dev.anneal.samples.train.Experiment;
import dev.anneal.samples.train.RunFiles;
import dev.anneal.samples.train.RunResult;
import dev.anneal.samples.train.TrainingSession;
import dev.anneal.torch.CosineAnnealingLR;
import java.io.PrintStream;
import java.nio.file.Path;

/**
 * Scenario 1, cosine annealing as PyTorch does it: 1000 x 20 standardised data, batch 32, SGD 0.1,
 * {@code CosineAnnealingLR(T_max=10)} stepped once per epoch over 20 epochs. The learning rate falls to
 * 0 after epoch 10 and rises back to 0.1 by epoch 20: PyTorch's cosine is periodic (the native
 * {@code cosine(tMax=10, periodic=true).perEpoch()} is the same schedule).
 * <pre>
 * java -jar samples/target/anneal.jar scenario cosine-trace
 * </pre>
 */
public final class CosineTrace {
    private CosineTrace() {
    }

    public static void main(String[] args) throws Exception {
        Scenarios.main(CosineTrace::run, Scenarios.folder("cosine-trace", args));
    }

    /** Trains, prints the table and writes the run's files into {@code dir}. */
    public static RunResult run(Size size, Path dir, PrintStream out) throws Exception {
        Split data = Scenarios.data(size, 20);
        Experiment experiment = new Experiment(
                Mlp.input(20).dense(64, Activation.RELU).dense(2),
                Optimizer.sgd(0.1),
                new CosineAnnealingLR(10).perEpoch(),
                32, 20, 1);
        Scenarios.header(out, "Cosine annealing: CosineAnnealingLR(T_max=10), one scheduler step per epoch",
                experiment, data);
        RunResult result = TrainingSession.of(experiment, data).table(out).run();
        RunFiles.write(result, dir, false);
        return result;
    }
}
