package dev.anneal.samples.cli;

import dev.anneal.samples.train.Prewarm;
import java.util.List;
import java.util.Set;
import picocli.CommandLine.Command;
import picocli.CommandLine.HelpCommand;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine;

/**
 * The {@code anneal} command-line tool: the top command, whose subcommands do the work.
 *
 * <pre>{@code
 * java -jar samples/target/anneal.jar show --schedule "warmup(10) then cosine(tMax=90)" --base-lr 0.1 --steps 100
 * java -jar samples/target/anneal.jar parity torch-lr-public.jsonl
 * }</pre>
 * Exit codes: 0 success, 1 a check failed (parity), 2 bad input (usage, schedule, file).
 * From code or tests, run it in-process with {@code Anneal.commandLine().execute(args)}.
 */
@Command(name = "anneal",
        mixinStandardHelpOptions = true,
        versionProvider = AnnealVersion.class,
        description = "Learning-rate schedules: print, plot and check them against PyTorch; train an MLP with one; find its learning rate with a range test; sweep schedules with early stopping; measure training speed.",
        subcommands = {ShowCommand.class, ParityCommand.class, TrainCommand.class, LrFindCommand.class, SweepCommand.class,
            PlotCommand.class, ScenarioCommand.class, BenchCommand.class, ReportCommand.class, ServeCommand.class,
            PredictCommand.class, ExportCommand.class, HelpCommand.class})
public final class Anneal implements Runnable {

    @Spec
    CommandSpec spec;

    /** Runs the tool and exits with its exit code. */
    public static void main(String[] args) {
        if (args.length > 0 && TRAINING.contains(args[0]) && !List.of(args).contains("--help")) {
            Prewarm.start();   // ND4J and Java2D load while the command line and the data are read
        }
        System.exit(commandLine().execute(args));
    }

    /** The commands that train (and draw charts at the end). */
    private static final Set<String> TRAINING = Set.of("train", "sweep", "lr-find");

    /** The tool, configured (error handling, enum spelling), ready for {@code execute(args)}. */
    public static CommandLine commandLine() {
        UserErrors errors = new UserErrors();
        return new CommandLine(new Anneal())
                .setCaseInsensitiveEnumValuesAllowed(true)
                .setParameterExceptionHandler(errors)
                .setExecutionExceptionHandler(errors);
    }

    /** Without a subcommand there is nothing to do: a usage error. */
    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(),
                "Missing subcommand: say what to do, e.g. 'anneal show --help'");
    }
}
