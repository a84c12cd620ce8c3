package dev.anneal.samples.train;

import dev.anneal.runtime.Dataset;
import dev.anneal.runtime.Split;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * The data of a training run, split, with a line describing it.
 *
 * <pre>{@code
 * TrainingData data = TrainingData.csv(Path.of("iris.csv"), "species", 1);
 * System.out.println(data.description());
 * }</pre>
 *
 * @param split       training and validation rows
 * @param description {@code data: ...}, for the run's header
 */
public record TrainingData(Split split, String description) {
    /** The share of a CSV file's rows held out for validation. */
    public static final double VALIDATION_FRACTION = 0.2;

    /** The embedded synthetic set ({@link SyntheticData#standard()}), rows 0-799 to train, 800-999 to validate. */
    public static TrainingData synthetic() {
        Dataset data = SyntheticData.standard();
        return new TrainingData(data.split(SyntheticData.TRAIN_ROWS), "data: synthetic, " + SyntheticData.ROWS
                + " rows x " + SyntheticData.FEATURES + " features, 2 classes (seed " + SyntheticData.SEED + "), "
                + SyntheticData.TRAIN_ROWS + " train / " + (SyntheticData.ROWS - SyntheticData.TRAIN_ROWS)
                + " validation");
    }

    /**
     * A CSV file with a header row, classes in column {@code label}, split at random (stratified, from
     * {@code seed}) with {@value #VALIDATION_FRACTION} of the rows for validation.
     *
     * @throws NoSuchFileException      when the file does not exist
     * @throws IllegalArgumentException naming the line and column of a bad cell, or a missing label column
     */
    public static TrainingData csv(Path file, String label, long seed) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new NoSuchFileException(file.toString());
        }
        Dataset data = Dataset.csv(file).label(label).read();
        Split split = data.split(VALIDATION_FRACTION, seed, true);
        return new TrainingData(split, describe(file.toString(), split.train().rows(), split.validation().rows(),
                data.features(), data.classes().size(), "stratified, seed " + seed));
    }

    /**
     * The header's line for rows from {@code source}: {@code data: SOURCE, N rows x F features, C classes,
     * T train / V validation (HOW)}.
     */
    public static String describe(String source, int trainRows, int validationRows, int features, int classes,
                                  String how) {
        return "data: " + source + ", " + (trainRows + validationRows) + " rows x " + features + " features, " + classes
                + " classes, " + trainRows + " train / " + validationRows + " validation (" + how + ")";
    }

    /** Features per row. */
    public int features() {
        return split.train().features();
    }

    /** Classes of the labels. */
    public int classes() {
        return split.train().classes().size();
    }
}
