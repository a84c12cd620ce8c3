package dev.anneal.samples.cli;

import dev.anneal.samples.train.TrainingData;
import java.io.IOException;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * The data options of the commands that train ({@code --data}, {@code --label}), declared once and mixed
 * in with {@code @Mixin}: the rows a run trains and validates on.
 * <pre>{@code
 * @Mixin DataOptions data;
 * TrainingData rows = data.read(seed);   // the embedded synthetic set without --data
 * }</pre>
 */
final class DataOptions {

    @Option(names = "--data", paramLabel = "FILE.csv",
            description = "A CSV file with a header row (default: the embedded synthetic set); 20%% of its rows, "
                    + "stratified, validate.")
    Path data;

    @Option(names = "--label", paramLabel = "COL", defaultValue = "label",
            description = "The CSV column holding the class (default: ${DEFAULT-VALUE}).")
    String label;

    /** The rows of {@code --data}, split by {@code seed}; the embedded synthetic set without it. */
    TrainingData read(long seed) throws IOException {
        return data == null ? TrainingData.synthetic() : TrainingData.csv(data, label, seed);
    }
}
