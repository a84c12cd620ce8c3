package dev.anneal.samples.predict;

import dev.anneal.runtime.CsvSource;
import dev.anneal.runtime.Dataset;
import dev.anneal.runtime.model.Model;
import java.io.IOException;
import java.io.Writer;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Locale;

/**
 * A model's predictions for the rows of a CSV file, whose columns are matched to the model's features by
 * name (any order, extra columns ignored), as {@code row,prediction,p_<class>...} (classification) or
 * {@code row,prediction} (regression) CSV; when the file has the model's label (or target) column, the
 * accuracy (or RMSE) of the predictions against it.
 *
 * <pre>{@code
 * Predictions p = Predictions.of(Model.load(Path.of("runs/a")), Path.of("new.csv"));
 * p.writeTo(Path.of("predictions.csv"));
 * System.out.println(p.score());      // accuracy 0.935 (187 of 200 rows, against column 'label'), or null
 * }</pre>
 *
 * @param model   the model
 * @param rows    the file's rows, by the model's features, and its label cells if any
 * @param outputs the model's outputs for each row
 */
public record Predictions(Model model, CsvSource.Rows rows, double[][] outputs) {
    private static final MathContext DIGITS = new MathContext(6);

    /**
     * Reads {@code csv} and predicts.
     *
     * @throws NoSuchFileException      when the file is missing
     * @throws IllegalArgumentException naming a missing column, or the line and column of a bad cell
     */
    public static Predictions of(Model model, Path csv) throws NoSuchFileException {
        if (!Files.isRegularFile(csv)) {
            throw new NoSuchFileException(csv.toString());
        }
        List<String> targets = model.columns().targets();
        CsvSource source = targets.size() == 1 ? Dataset.csv(csv).label(targets.get(0)) : Dataset.csv(csv);
        CsvSource.Rows rows = (model.isClassification() ? source : source.regression()).rows(model.features());
        return new Predictions(model, rows, model.predict(rows.features()));
    }

    /** The CSV text: a header, then a line per row. */
    public String csv() {
        StringBuilder s = new StringBuilder("row,");
        List<String> classes = model.classes();
        if (model.isClassification()) {
            s.append("prediction");
            classes.forEach(c -> s.append(',').append(cell("p_" + c)));
        } else if (model.columns().targets().size() == 1) {
            s.append("prediction");
        } else {
            s.append(String.join(",", model.columns().targets().stream().map(t -> cell("prediction_" + t)).toList()));
        }
        s.append('\n');
        List<String> predicted = model.isClassification() ? model.classesOf(outputs) : null;
        for (int r = 0; r < outputs.length; r++) {
            s.append(r + 1);
            if (predicted != null) {
                s.append(',').append(cell(predicted.get(r)));
            }
            for (double v : outputs[r]) {
                s.append(',').append(number(v));
            }
            s.append('\n');
        }
        return s.toString();
    }

    /** Writes {@link #csv()} to {@code file} (its folder made if missing), whole or not at all. */
    public void writeTo(Path file) throws IOException {
        Path target = file.toAbsolutePath();
        Files.createDirectories(target.getParent());
        Path temporary = target.resolveSibling(".partial-" + target.getFileName());
        try {
            Files.writeString(temporary, csv());
            Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(temporary);
        }
    }

    /** Writes {@link #csv()} to {@code out}. */
    public void writeTo(Writer out) throws IOException {
        out.write(csv());
        out.flush();
    }

    /**
     * How the predictions fare against the file's label column: {@code accuracy 0.935 (187 of 200 rows,
     * against column 'label')}, or for regression {@code rmse 0.4127 (200 rows, against column 'price')};
     * null when the file has no such column.
     */
    public String score() {
        List<String> labels = rows.labels();
        if (labels == null) {
            return null;
        }
        String column = model.target();
        if (!model.isClassification()) {
            double sum = 0;
            for (int r = 0; r < outputs.length; r++) {
                double d = outputs[r][0] - Double.parseDouble(labels.get(r));
                sum += d * d;
            }
            return String.format(Locale.ROOT, "rmse %.6g (%d rows, against column '%s')", Math.sqrt(sum / outputs.length),
                    outputs.length, column);
        }
        int right = 0;
        List<String> predicted = model.classesOf(outputs);
        for (int r = 0; r < outputs.length; r++) {
            right += sameClass(predicted.get(r), labels.get(r)) ? 1 : 0;
        }
        return "accuracy " + (double) right / outputs.length + " (" + right + " of " + outputs.length
                + " rows, against column '" + column + "')";
    }

    /** Whether a label cell names class {@code name}: integer names compare as numbers, as the CSV reader orders them. */
    private boolean sameClass(String name, String cell) {
        if (name.equals(cell)) {
            return true;
        }
        String integer = "[+-]?\\d+";
        return name.matches(integer) && cell.matches(integer) && new BigInteger(name).equals(new BigInteger(cell));
    }

    /** Six significant digits: what float32 holds, less its last, noisy one. */
    private static String number(double v) {
        if (!Double.isFinite(v)) {
            return Double.toString(v);
        }
        return new BigDecimal(v).round(DIGITS).stripTrailingZeros().toString();
    }

    /** A CSV cell, quoted when it holds a comma, a quote or a line break. */
    private static String cell(String text) {
        if (text.chars().noneMatch(c -> c == ',' || c == '"' || c == '\n' || c == '\r')) {
            return text;
        }
        return '"' + text.replace("\"", "\"\"") + '"';
    }
}
