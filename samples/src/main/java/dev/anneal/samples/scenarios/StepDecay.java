package dev.anneal.samples.scenarios;

import dev.anneal.runtime.Activation;
import dev.anneal.runtime.Mlp;
import dev.anneal.runtime.Optimizer;
import dev.anneal.runtime.Split;
import dev.anneal.samples.train.Experiment;
import dev.anneal.samples.train.RunFiles;
import dev.anneal.samples.train.RunResult;
import dev.anneal.samples.train.TrainingSession;
import dev.anneal.torch.StepLR;
import java.io.PrintStream;
import java.nio.file.Path;

/**
 * Scenario 2, step decay: 10 features, 800/200 split, network 10-10-2, SGD 0.1 and
 * {@code StepLR(step_size=5, gamma=0.5)} stepped per epoch over 10 epochs: the learning rate is 0.1,
 * halves to 0.05 after epoch 5 and to 0.025 after epoch 10 (natively
 * {@code step(stepSize=5, gamma=0.5).perEpoch()}).
 * <pre>
 * java -jar samples/target/anneal.jar scenario step-decay
 * </pre>
 */
public final class StepDecay {
    private StepDecay() {
    }

    public static void main(String[] args) throws Exception {
        Scenarios.main(StepDecay::run, Scenarios.folder("step-decay", args));
    }

    /** Trains, prints the table and writes the run's files into {@code dir}. */
    public static RunResult run(Size size, Path dir, PrintStream out) throws Exception {
        Split data = Scenarios.data(size, 10);
        Experiment experiment = new Experiment(
                Mlp.input(10).dense(10, Activation.RELU).dense(2),
                Optimizer.sgd(0.1),
                new StepLR(5, 0.5).perEpoch(),
                32, 10, 1);
        Scenarios.header(out, "Step decay: StepLR(step_size=5, gamma=0.5), one scheduler step per epoch",
                experiment, data);
        RunResult result = TrainingSession.of(experiment, data).table(out).run();
        RunFiles.write(result, dir, false);
        return result;
    }
}
