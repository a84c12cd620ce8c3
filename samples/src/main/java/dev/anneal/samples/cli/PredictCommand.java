package dev.anneal.samples.cli;

import dev.anneal.runtime.model.Model;
import dev.anneal.samples.predict.Predictions;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code anneal predict}: a trained model's predictions for the rows of a CSV file, matched to its
 * features by column name, written as CSV to {@code --out} or stdout; the accuracy too when the file has
 * the label column.
 * <pre>{@code
 * anneal predict --model runs/a --data new.csv --out predictions.csv
 * anneal predict --model sweeps/a/best.ckpt --data new.csv > predictions.csv
 * }</pre>
 * Exit codes: 0 done, 2 bad input (a model that is not one, a missing column, a cell that is not a number,
 * an --out that exists), with nothing written.
 */
@Command(name = "predict",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Predicts with a trained model for the rows of a CSV file with a header row. Its columns are matched to "
                    + "the model's features by name, in any order; other columns are ignored. A label column (the "
                    + "model's) is not used for the predictions; when present, the accuracy against it is printed.",
            "Writes row,prediction,p_<class>... (classification) or row,prediction (regression), one line per "
                    + "data row, to --out or to stdout."
        },
        footer = {
            "%nExamples:",
            "  anneal predict --model runs/a --data new.csv --out predictions.csv",
            "  anneal predict --model sweeps/a --data new.csv   # the sweep's best model"
        })
final class PredictCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    /** The help of --model, here and in anneal export. */
    static final String MODEL_HELP = "A checkpoint (final.ckpt, best.ckpt), a run folder (its final.ckpt) or a sweep "
            + "folder (its best.ckpt).";

    @Option(names = "--model", required = true, paramLabel = "PATH", description = MODEL_HELP)
    Path model;

    @Option(names = "--data", required = true, paramLabel = "FILE.csv",
            description = "The rows to predict for: a CSV file with a header row naming the model's features.")
    Path data;

    @Option(names = "--out", paramLabel = "FILE.csv",
            description = "Where the predictions go (default: stdout; the accuracy then goes to stderr).")
    Path out;

    @Option(names = "--overwrite", description = "Replace an --out file that exists.")
    boolean overwrite;

    @Override
    public Integer call() {
        PrintWriter stdout = spec.commandLine().getOut();
        PrintWriter stderr = spec.commandLine().getErr();
        try {
            if (out != null && Files.exists(out) && !overwrite) {
                throw new IllegalArgumentException("--out " + out + " exists (--overwrite replaces it)");
            }
            Predictions predictions = Predictions.of(Model.load(model), data);
            String score = predictions.score();
            if (out == null) {
                predictions.writeTo(stdout);
                if (score != null) {
                    stderr.println(score);
                }
            } else {
                predictions.writeTo(out);
                stdout.println("wrote " + out + ": " + predictions.outputs().length + " predictions");
                if (score != null) {
                    stdout.println(score);
                }
            }
            stdout.flush();
            stderr.flush();
            return 0;
        } catch (IllegalArgumentException e) {
            stderr.println("anneal predict: " + e.getMessage());
            return 2;
        } catch (NoSuchFileException e) {
            stderr.println("anneal predict: no such file: " + e.getFile());
            return 2;
        } catch (IOException | UncheckedIOException e) {
            stderr.println("anneal predict: " + e.getMessage());
            return 2;
        }
    }
}
