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
                    + "stratified, validate. With --spark: any path or URI the cluster reads (file:, hdfs://, "
                    + "s3a://, a folder of part files, a glob), read by the executors.")
    String data;

    @Option(names = "--label", paramLabel = "COL", defaultValue = "label",
            description = "The CSV column holding the class (default: ${DEFAULT-VALUE}).")
    String label;

    /**
     * The rows of {@code --data}, split by {@code seed}; the embedded synthetic set without it.
     *
     * @throws IllegalArgumentException for a URI, which only the executors of {@code --spark} read
     */
    TrainingData read(long seed) throws IOException {
        if (data == null) {
            return TrainingData.synthetic();
        }
        if (data.matches("^[a-zA-Z][a-zA-Z0-9+.-]+:.*")) {
            throw new IllegalArgumentException("--data " + data + ": only anneal train --spark reads a URI (on the "
                    + "Spark executors); give a local CSV file");
        }
        return TrainingData.csv(Path.of(data), label, seed);
    }

    /** Whether --data names the rows (else the embedded synthetic set). */
    boolean given() {
        return data != null;
    }
}
