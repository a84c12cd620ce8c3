package dev.anneal.samples.scenarios;

import static dev.anneal.Schedule.cosine;
import static dev.anneal.Schedule.warmup;

import dev.anneal.Clock;
import dev.anneal.Schedule;
import dev.anneal.ScheduleGraph;
import dev.anneal.runtime.Activation;
import dev.anneal.runtime.Mlp;
import dev.anneal.runtime.Optimizer;
import dev.anneal.runtime.Split;
import dev.anneal.samples.plot.Charts;
import dev.anneal.samples.plot.Series;
import dev.anneal.samples.train.EpochTable;
import dev.anneal.samples.train.Experiment;
import dev.anneal.samples.train.RunFiles;
import dev.anneal.samples.train.RunResult;
import dev.anneal.samples.train.TrainingSession;
import dev.anneal.torch.CosineAnnealingLR;
import dev.anneal.torch.LambdaLR;
import dev.anneal.torch.LinearLR;
import dev.anneal.torch.SequentialLR;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Scenario 3, linear warmup then cosine decay written three ways that give the same learning rates
 * over 100 steps, base 0.1: Anneal's DSL {@code warmup(10, startFactor=0.1) then cosine(tMax=90,
 * etaMin=1e-6)}, PyTorch's {@code SequentialLR([LinearLR(start_factor=0.1, total_iters=10),
 * CosineAnnealingLR(T_max=90, eta_min=1e-6)], milestones=[10])}, and a {@code LambdaLR} function. The
 * warmup starts at 0.1 x base because PyTorch's LinearLR cannot start from 0 (it divides by the
 * previous factor). Prints the three at a few steps, trains with each and writes {@code compare.png}.
 * <pre>
 * java -jar samples/target/anneal.jar scenario warmup-cosine
 * </pre>
 */
public final class WarmupCosine {
    /** The steps of the comparison (and of each training run: 4 epochs of 25 steps). */
    public static final int STEPS = 100;

    /** The three schedules. */
    public static final Schedule DSL = warmup(10).startFactor(0.1).then(cosine(90, 1e-6));
    public static final Schedule SEQUENTIAL = new SequentialLR(
            List.of(new LinearLR(0.1, 1.0, 10), new CosineAnnealingLR(90, 1e-6)), List.of(10L));
    public static final Schedule LAMBDA = new LambdaLR("0.1 + 0.9 * epoch / 10 if epoch < 10"
            + " else 1e-5 + (1 - 1e-5) * (1 + math.cos(math.pi * (epoch - 10) / 90)) / 2");

    /**
     * The learning rates of the three at steps 0..{@value #STEPS}, and the runs trained with them.
     *
     * @param values one array per schedule, in the order DSL, SequentialLR, LambdaLR
     * @param runs   the training runs, same order
     */
    public record Result(List<double[]> values, List<RunResult> runs) {
    }

    private WarmupCosine() {
    }

    public static void main(String[] args) throws Exception {
        Scenarios.main(WarmupCosine::run, Scenarios.folder("warmup-cosine", args));
    }

    /** Compares the three, trains with each, writes {@code compare.png} and the DSL run's files. */
    public static Result run(Size size, Path dir, PrintStream out) throws Exception {
        List<Schedule> schedules = List.of(DSL, SEQUENTIAL, LAMBDA);
        List<double[]> values = new ArrayList<>();
        List<Series> lines = new ArrayList<>();
        double[] steps = new double[STEPS + 1];
        for (int s = 0; s <= STEPS; s++) {
            steps[s] = s;
        }
        for (Schedule schedule : schedules) {
            ScheduleGraph graph = schedule.compile(Clock.totalSteps(STEPS));
            double[] lr = new double[STEPS + 1];
            for (int s = 0; s <= STEPS; s++) {
                lr[s] = graph.lr(s, 0.1);
            }
            values.add(lr);
            lines.add(new Series(schedule.toString(), steps, lr));
        }
        out.println("Warmup then cosine, three ways (base lr 0.1):");
        for (int i = 0; i < schedules.size(); i++) {
            out.println("  " + (char) ('A' + i) + ": " + schedules.get(i));
        }
        out.println();
        out.println(" step | A              | B              | C");
        for (int s : new int[] {0, 5, 10, 11, 25, 55, 75, 99, 100}) {
            out.printf(Locale.ROOT, " %4d | %-14s | %-14s | %s%n", s, EpochTable.significant(values.get(0)[s], 10),
                    EpochTable.significant(values.get(1)[s], 10), EpochTable.significant(values.get(2)[s], 10));
        }
        out.printf(Locale.ROOT, "largest difference from A over steps 0-%d: B %.3g, C %.3g%n%n", STEPS,
                largestDifference(values.get(0), values.get(1)), largestDifference(values.get(0), values.get(2)));
        Charts.save(Charts.lines("Warmup then cosine, three ways", "step", "learning rate", lines, false),
                dir.resolve("compare.png"));

        Split data = Scenarios.data(size, 20);
        List<RunResult> runs = new ArrayList<>();
        for (Schedule schedule : schedules) {
            Experiment experiment = new Experiment(Mlp.input(20).dense(64, Activation.RELU).dense(2),
                    Optimizer.sgd(0.1).momentum(0.9), schedule, 32, 4, 1);
            runs.add(TrainingSession.of(experiment, data).run());
        }
        out.println("Training with each, 4 epochs (" + runs.getFirst().stepsPerEpoch() + " steps per epoch):");
        out.println("    | val loss after each epoch");
        for (int i = 0; i < runs.size(); i++) {
            StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "  %c |", 'A' + i));
            runs.get(i).rows().forEach(r -> line.append(String.format(Locale.ROOT, " %.6f", r.valLoss())));
            out.println(line);
        }
        out.println("  learning rate after the last step: " + EpochTable.lr(runs.getFirst().last().lr()));
        RunFiles.write(runs.getFirst(), dir, false);
        return new Result(values, runs);
    }

    private static double largestDifference(double[] a, double[] b) {
        double largest = 0;
        for (int i = 0; i < a.length; i++) {
            largest = Math.max(largest, Math.abs(a[i] - b[i]));
        }
        return largest;
    }
}
