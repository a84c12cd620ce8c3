package dev.anneal.samples.cli;

import dev.anneal.samples.report.ReportPage;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code anneal report}: one self-contained HTML page for runs (overlaid) and sweeps (with the
 * leaderboard): the loss, accuracy and learning-rate curves with hover read-outs, each run's settings
 * and notes. The page loads nothing: uPlot and the data are inside it.
 * <pre>{@code
 * anneal report runs/a runs/b --out compare.html
 * anneal report sweeps/a --out sweep.html
 * }</pre>
 * Exit codes: 0 written, 2 bad input (nothing written).
 */
@Command(name = "report",
        mixinStandardHelpOptions = true,
        description = {
            "Writes one self-contained HTML page for run folders (overlaid on shared axes) or sweep folders "
                    + "(with a sortable leaderboard; click a trial to highlight it): loss, accuracy and learning-rate "
                    + "curves with hover read-outs and a log/linear toggle, each run's schedule, model, optimizer and "
                    + "data, and the notes per epoch. It makes no network request when opened.",
            "anneal train and anneal sweep write report.html into their folder at the end."
        },
        footer = {
            "%nExamples:",
            "  anneal report runs/a",
            "  anneal report runs/a runs/b --out compare.html",
            "  anneal report sweeps/a --out sweep.html"
        })
final class ReportCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(arity = "1..*", paramLabel = "PATH", description = "Run folders (run.json) or sweep folders (plan.json).")
    List<Path> paths;

    @Option(names = "--out", paramLabel = "FILE", defaultValue = "report.html",
            description = "The page to write (default: ${DEFAULT-VALUE}); an existing file is replaced only when it is "
                    + "an Anneal report.")
    Path out;

    @Override
    public Integer call() {
        PrintWriter stdout = spec.commandLine().getOut();
        PrintWriter stderr = spec.commandLine().getErr();
        if (Files.isDirectory(out)) {
            stderr.println("anneal report: --out " + out + " is a folder; give a file name, e.g. " + out.resolve("report.html"));
            return 2;
        }
        if (Files.exists(out) && !ReportPage.isReport(out)) {
            stderr.println("anneal report: --out " + out + " exists and is not an Anneal report; choose another file");
            return 2;
        }
        try {
            ReportPage.write(paths, paths.stream().map(Path::toString).toList(), out);
            stdout.println(String.format(Locale.ROOT, "wrote %s (%.0f KB)", out, Files.size(out) / 1024.0));
            return 0;
        } catch (IllegalArgumentException e) {
            stderr.println("anneal report: " + e.getMessage());
            return 2;
        } catch (IOException e) {
            stderr.println("anneal report: cannot write " + out + ": " + e.getMessage());
            return 2;
        }
    }
}
