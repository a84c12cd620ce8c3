package dev.anneal.samples.cli;

import dev.anneal.Clock;
import dev.anneal.Schedule;
import dev.anneal.ScheduleGraph;
import dev.anneal.samples.plot.Terminal;
import dev.anneal.samples.plot.TerminalChart;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code anneal show}: the values of a schedule at steps 0..N inclusive, as a table, CSV, JSON or a
 * terminal chart.
 * <pre>{@code
 * anneal show --schedule "warmup(10) then cosine(tMax=90, etaMin=1e-6)" --base-lr 0.1 --steps 100 --format csv
 * }</pre>
 */
@Command(name = "show",
        mixinStandardHelpOptions = true,
        description = {
            "Prints the values of a schedule at steps 0..N inclusive.",
            "The schedule is compiled with the run's length N (and steps per epoch when given), so shapes "
                    + "that run to the end of training span the steps shown."
        },
        footer = {
            "%nExamples:",
            "  anneal show --schedule 'warmup(10) then cosine(tMax=90, etaMin=1e-6)' \\",
            "              --base-lr 0.1 --steps 100 --format chart",
            "  anneal show --schedule 'CosineAnnealingLR(T_max=10)' --base-lr 0.1 --steps 20",
            "  anneal show --schedule 'step(stepSize=2.epochs, gamma=0.5)' --base-lr 0.1 \\",
            "              --steps 100 --steps-per-epoch 10 --format csv"
        })
final class ShowCommand implements Callable<Integer> {

    /** The output formats. */
    enum Format { TABLE, CSV, JSON, CHART }

    @Spec
    CommandSpec spec;

    @Option(names = "--schedule", required = true, paramLabel = "EXPR", converter = ScheduleConverter.class,
            description = "The schedule in Anneal's text form or a PyTorch scheduler (see the examples).")
    Schedule schedule;

    @Option(names = "--base-lr", required = true, paramLabel = "X",
            description = "The base learning rate the schedule is applied to.")
    double baseLr;

    @Option(names = "--steps", required = true, paramLabel = "N",
            description = "The last step shown (and the run's length in steps).")
    long steps;

    @Option(names = "--steps-per-epoch", paramLabel = "K", defaultValue = "0",
            description = "Optimizer steps per epoch, needed by spans such as 2.epochs (default: unknown).")
    long stepsPerEpoch;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "table",
            description = "table, csv, json or chart (default: ${DEFAULT-VALUE}).")
    Format format;

    @Option(names = "--width", paramLabel = "COLUMNS",
            description = "Chart width in columns (default: the terminal's width, 80 when not a terminal).")
    Integer width;

    @Option(names = "--height", paramLabel = "ROWS", defaultValue = "20",
            description = "Chart height in rows of the plot area (default: ${DEFAULT-VALUE}).")
    int height;

    @Override
    public Integer call() {
        checkArguments();
        ScheduleGraph graph = schedule.compile(Clock.of(stepsPerEpoch, steps));
        if (graph.isStateful()) {
            throw new ParameterException(spec.commandLine(), "schedule " + schedule + " has a plateau: its values "
                    + "depend on the metrics of a training run, so they cannot be shown without one");
        }
        ScheduleValues values = ScheduleValues.of(schedule, baseLr, steps, graph);
        PrintWriter out = spec.commandLine().getOut();
        switch (format) {
            case TABLE -> ScheduleOutput.table(values, out);
            case CSV -> ScheduleOutput.csv(values, out);
            case JSON -> ScheduleOutput.json(values, out);
            case CHART -> ScheduleOutput.chart(values, width == null ? Terminal.columns() : width, height, out);
        }
        out.flush();
        return 0;
    }

    private void checkArguments() {
        if (!Double.isFinite(baseLr)) {
            throw usage("--base-lr must be a finite number, got " + baseLr);
        }
        if (steps < 0) {
            throw usage("--steps must be >= 0, got " + steps);
        }
        if (stepsPerEpoch < 0) {
            throw usage("--steps-per-epoch must be >= 0, got " + stepsPerEpoch);
        }
        if (format == Format.CHART && width != null && width < TerminalChart.MIN_WIDTH) {
            throw usage("--width must be >= " + TerminalChart.MIN_WIDTH + ", got " + width);
        }
        if (format == Format.CHART && height < TerminalChart.MIN_HEIGHT) {
            throw usage("--height must be >= " + TerminalChart.MIN_HEIGHT + ", got " + height);
        }
    }

    private ParameterException usage(String message) {
        return new ParameterException(spec.commandLine(), message);
    }
}
