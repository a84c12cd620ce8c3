package dev.anneal.samples.scenarios;

import static dev.anneal.Schedule.plateau;
import static dev.anneal.Schedule.warmup;

import dev.anneal.Span;
import dev.anneal.runtime.Activation;
import dev.anneal.runtime.Mlp;
import dev.anneal.runtime.Optimizer;
import dev.anneal.runtime.Split;
import dev.anneal.samples.train.Experiment;
import dev.anneal.samples.train.RunFiles;
import dev.anneal.samples.train.RunResult;
import dev.anneal.samples.train.TrainingSession;
import java.io.PrintStream;
import java.nio.file.Path;

/**
 * Scenario 5, reduce on plateau: {@code warmup(3.epochs) then plateau(patience=2, factor=0.5)} over
 * 30 epochs, SGD 0.1 momentum 0.9. After the warmup the learning rate holds until the validation loss
 * has not improved for more than 2 epochs, then halves (PyTorch's {@code ReduceLROnPlateau} rules).
 * <pre>
 * java -jar samples/target/anneal.jar scenario plateau
 * </pre>
 */
public final class PlateauRun {
    private PlateauRun() {
    }

    public static void main(String[] args) throws Exception {
        Scenarios.main(PlateauRun::run, Scenarios.folder("plateau", args));
    }

    /** Trains, prints the table and writes the run's files into {@code dir}. */
    public static RunResult run(Size size, Path dir, PrintStream out) throws Exception {
        Split data = Scenarios.data(size, 20);
        Experiment experiment = new Experiment(
                Mlp.input(20).dense(64, Activation.RELU).dense(2),
                Optimizer.sgd(0.1).momentum(0.9),
                warmup(Span.epochs(3)).then(plateau().patience(2).factor(0.5)),
                32, 30, 1);
        Scenarios.header(out, "Reduce on plateau, driven by the validation loss", experiment, data);
        RunResult result = TrainingSession.of(experiment, data).table(out).run();
        RunFiles.write(result, dir, true);
        return result;
    }
}
