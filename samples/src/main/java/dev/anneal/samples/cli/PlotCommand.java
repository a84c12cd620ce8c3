package dev.anneal.samples.cli;

import dev.anneal.Clock;
import dev.anneal.Schedule;
import dev.anneal.ScheduleGraph;
import dev.anneal.samples.plot.Charts;
import dev.anneal.samples.plot.LineChart;
import dev.anneal.samples.plot.Series;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code anneal plot}: draws one or more schedules over steps 0..N into a PNG or SVG chart, with a
 * legend naming each; the comparison chart of step decay, cosine and warm restarts is one command.
 * <pre>{@code
 * anneal plot --schedule 'StepLR(step_size=30, gamma=0.1)' --schedule 'CosineAnnealingLR(T_max=100)' \
 *             --schedule 'CosineAnnealingWarmRestarts(T_0=10, T_mult=2)' --steps 100 --out compare.png
 * }</pre>
 */
@Command(name = "plot",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Draws schedules over steps 0..N into a PNG or SVG chart, one line per --schedule, with a legend.",
            "Each schedule is compiled with the run's length N (and the steps per epoch when given)."
        },
        footer = {
            "%nExamples:",
            "  anneal plot --schedule 'warmup(10) then cosine(tMax=90, etaMin=1e-6)' \\",
            "              --steps 100 --out lr.png",
            "  anneal plot --schedule 'StepLR(step_size=30, gamma=0.1)' \\",
            "              --schedule 'CosineAnnealingLR(T_max=100)' \\",
            "              --schedule 'CosineAnnealingWarmRestarts(T_0=10, T_mult=2)' \\",
            "              --steps 100 --out compare.svg",
            "  anneal plot --schedule 'warmup(2.epochs) then cosine()' --steps 500 \\",
            "              --steps-per-epoch 25 --log"
        })
final class PlotCommand implements Callable<Integer> {
    /** More points than a chart's pixels can show, and still quick to draw. */
    static final int MAX_STEPS = 1_000_000;

    @Spec
    CommandSpec spec;

    @Option(names = "--schedule", required = true, paramLabel = "EXPR", converter = ScheduleConverter.class,
            description = "A schedule in Anneal's text form or a PyTorch scheduler; repeat to compare several.")
    List<Schedule> schedules;

    @Option(names = "--steps", required = true, paramLabel = "N",
            description = "The last step drawn (and the run's length in steps).")
    long steps;

    @Option(names = "--base-lr", paramLabel = "X", defaultValue = "0.1",
            description = "The base learning rate (default: ${DEFAULT-VALUE}).")
    double baseLr;

    @Option(names = "--steps-per-epoch", paramLabel = "K", defaultValue = "0",
            description = "Optimizer steps per epoch, needed by spans such as 2.epochs (default: unknown).")
    long stepsPerEpoch;

    @Option(names = "--log", description = "A logarithmic y axis (values <= 0 are left out).")
    boolean log;

    @Option(names = "--title", paramLabel = "TEXT", defaultValue = "Learning rate",
            description = "The chart's title (default: ${DEFAULT-VALUE}).")
    String title;

    @Option(names = "--out", paramLabel = "FILE", defaultValue = "schedule.png",
            description = "The chart file, .png or .svg (default: ${DEFAULT-VALUE}).")
    Path out;

    @Override
    public Integer call() throws IOException {
        checkArguments();
        List<Series> series = new ArrayList<>();
        for (Schedule schedule : schedules) {
            ScheduleGraph graph = schedule.compile(Clock.of(stepsPerEpoch, steps));
            if (graph.isStateful()) {
                throw usage("schedule " + schedule + " has a plateau: its values depend on the metrics of a "
                        + "training run, so they cannot be drawn without one (try anneal train)");
            }
            double[] y = ScheduleValues.of(schedule, baseLr, steps, graph).values();
            double[] x = new double[y.length];
            Arrays.setAll(x, step -> step);
            series.add(new Series(schedule.toString(), x, y));
        }
        LineChart chart = Charts.lines(title, "step", "learning rate (base " + baseLr + ")", series, log);
        Path absolute = out.toAbsolutePath();
        Path temporary = absolute.resolveSibling(".partial-" + absolute.getFileName());
        try {
            Charts.save(chart, temporary);
            Files.move(temporary, absolute, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(temporary);
        }
        spec.commandLine().getOut().println("wrote " + out);
        spec.commandLine().getOut().flush();
        return 0;
    }

    private void checkArguments() {
        String name = out.getFileName().toString().toLowerCase(Locale.ROOT);
        if (!name.endsWith(".png") && !name.endsWith(".svg")) {
            throw usage("--out must end in .png or .svg, got " + out);
        }
        if (steps < 1 || steps > MAX_STEPS) {
            throw usage("--steps must be in [1, " + MAX_STEPS + "], got " + steps);
        }
        if (stepsPerEpoch < 0) {
            throw usage("--steps-per-epoch must be >= 0, got " + stepsPerEpoch);
        }
        if (!Double.isFinite(baseLr) || baseLr <= 0) {
            throw usage("--base-lr must be a finite number > 0, got " + baseLr);
        }
    }

    private ParameterException usage(String message) {
        return new ParameterException(spec.commandLine(), message);
    }
}
