package dev.anneal.runtime;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A CSV file with a header row, read into a {@link Dataset}: every column but the label is a
 * numeric feature; the label column is named or indexed. Labels are class names (strings or
 * integers, ordered numerically when all are integers, else alphabetically) or, with
 * {@link #regression()}, a numeric target.
 *
 * <p>The file is CSV as RFC 4180 has it, read by Jackson's CSV parser: cells separated by commas, a
 * quoted cell may hold commas, line breaks and {@code ""} for a quote; lines end in LF or CRLF; a UTF-8
 * byte order mark is skipped; blank lines are skipped; spaces around a cell are trimmed. Lines starting
 * with {@code #} are comments only when asked ({@link #comments()}). Errors name the file, the line
 * where the record starts, the column, the cell and what was expected.
 *
 * <p>The file is read twice, once to count the rows and once to fill arrays of exactly that size, so
 * reading takes little more memory than the data set itself (a million rows of 50 features: 400 MB);
 * it must therefore be a regular file, not a pipe.
 *
 * <pre>{@code
 * Dataset data = Dataset.csv(Path.of("iris.csv")).label("species").read();
 * Dataset prices = Dataset.csv(Path.of("houses.csv")).label(0).regression().read();
 * Dataset noted = Dataset.csv(Path.of("notes.csv")).comments().label("y").read();
 * }</pre>
 *
 * @param file         the file
 * @param labelName    the label column's header, or null when {@code labelIndex} is used
 * @param labelIndex   the label column's index from 0, or -1 for the last column
 * @param numericLabel whether the label is a numeric regression target rather than a class
 * @param commentLines whether lines starting with {@code #} are comments
 */
public record CsvSource(Path file, String labelName, int labelIndex, boolean numericLabel, boolean commentLines) {

    static CsvSource of(Path file) {
        return new CsvSource(file, null, -1, false, false);
    }

    /** The label is the column with this header. */
    public CsvSource label(String name) {
        return new CsvSource(file, name, -1, numericLabel, commentLines);
    }

    /** The label is the column at this index (from 0). */
    public CsvSource label(int index) {
        if (index < 0) {
            throw new IllegalArgumentException("label column index must be >= 0, got " + index);
        }
        return new CsvSource(file, null, index, numericLabel, commentLines);
    }

    /** The label is a numeric regression target. */
    public CsvSource regression() {
        return new CsvSource(file, labelName, labelIndex, true, commentLines);
    }

    /**
     * Lines whose first character other than a space is {@code #} are comments and skipped, before the
     * header too. Off by default: a {@code #} is then an ordinary character.
     */
    public CsvSource comments() {
        return new CsvSource(file, labelName, labelIndex, numericLabel, true);
    }

    /**
     * Reads the file.
     *
     * @throws IllegalArgumentException naming the file, line and column of a bad cell, or what else is wrong
     * @throws UncheckedIOException     when the file cannot be read
     */
    public Dataset read() {
        if (Files.exists(file) && !Files.isRegularFile(file)) {
            throw new IllegalArgumentException(file + ": not a regular file; the CSV reader reads it twice");
        }
        try {
            Shape shape = shape();
            return fill(shape);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * New rows for a trained model, read by {@link #rows(List)}.
     *
     * @param features the rows' features, in the order asked for
     * @param labels   the label column's cells, row by row, or null when the file has no label column
     */
    public record Rows(double[][] features, List<String> labels) {
    }

    /**
     * Reads new rows for a trained model: the columns named {@code features}, in that order, wherever
     * they stand in the file; other columns are ignored. The label column named with {@link #label(String)},
     * when the file has it, comes back as text (checked to be numbers with {@link #regression()}), so that
     * predictions can be scored; without it, {@link Rows#labels()} is null.
     *
     * <pre>{@code
     * CsvSource.Rows rows = Dataset.csv(Path.of("new.csv")).label("label").rows(model.columns().features());
     * List<String> predicted = model.predictClass(rows.features());
     * }</pre>
     *
     * @throws IllegalArgumentException naming the missing columns, or the line and column of a cell that is
     *                                  not a number
     * @throws UncheckedIOException     when the file cannot be read
     */
    public Rows rows(List<String> features) {
        if (Files.exists(file) && !Files.isRegularFile(file)) {
            throw new IllegalArgumentException(file + ": not a regular file");
        }
        try (CsvRecords in = CsvRecords.open(file, commentLines)) {
            List<String> header = header(in);
            int[] take = new int[features.size()];
            List<String> missing = new ArrayList<>();
            for (int i = 0; i < take.length; i++) {
                take[i] = header.indexOf(features.get(i));
                if (take[i] < 0) {
                    missing.add("'" + features.get(i) + "'");
                }
            }
            if (!missing.isEmpty()) {
                throw new IllegalArgumentException(file + ": no column" + (missing.size() == 1 ? " " : "s ")
                        + String.join(", ", missing) + " (the model's features are " + features + "); the header has "
                        + header);
            }
            int label = labelName == null ? -1 : header.indexOf(labelName);
            List<double[]> rows = new ArrayList<>();
            List<String> labels = label < 0 ? null : new ArrayList<>();
            while (in.next(true)) {
                requireWidth(in, header.size());
                double[] row = new double[take.length];
                for (int i = 0; i < take.length; i++) {
                    row[i] = number(in, take[i], header);
                }
                rows.add(row);
                if (label >= 0) {
                    if (numericLabel) {
                        number(in, label, header);
                    }
                    labels.add(in.cell(label));
                }
            }
            if (rows.isEmpty()) {
                throw new IllegalArgumentException(file + ": no data rows after the header");
            }
            return new Rows(rows.toArray(new double[0][]), labels == null ? null : List.copyOf(labels));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /** The header, the label column and the number of data rows. */
    private record Shape(List<String> header, int label, int rows) {
        int features() {
            return header.size() - 1;
        }
    }

    /** The first pass: checks the header and that every row has its width, and counts the rows. */
    private Shape shape() throws IOException {
        try (CsvRecords in = CsvRecords.open(file, commentLines)) {
            List<String> header = header(in);
            int label = labelColumn(header);
            int rows = 0;
            while (in.next(false)) {
                requireWidth(in, header.size());
                rows++;
            }
            if (rows == 0) {
                throw new IllegalArgumentException(file + ": no data rows after the header");
            }
            Shape shape = new Shape(List.copyOf(header), label, rows);
            try {
                Math.multiplyExact(rows, shape.features());
            } catch (ArithmeticException e) {
                throw new IllegalArgumentException(file + ": " + rows + " rows x " + shape.features()
                        + " features are more values than one array holds (" + Integer.MAX_VALUE + ")");
            }
            return shape;
        }
    }

    /** The second pass: the numbers, into arrays of the size the first pass found. */
    private Dataset fill(Shape shape) throws IOException {
        int width = shape.header().size();
        int features = shape.features();
        double[] x = new double[shape.rows() * features];
        double[] y = new double[shape.rows()];
        Map<String, Integer> seen = new HashMap<>();
        List<String> order = new ArrayList<>();
        try (CsvRecords in = CsvRecords.open(file, commentLines)) {
            in.next(false);
            int r = 0;
            while (in.next(true)) {
                if (r == shape.rows()) {
                    throw changed(shape.rows());
                }
                requireWidth(in, width);
                for (int c = 0, j = r * features; c < width; c++) {
                    if (c != shape.label()) {
                        x[j++] = number(in, c, shape.header());
                    } else if (numericLabel) {
                        y[r] = number(in, c, shape.header());
                    } else {
                        String name = in.cell(c);
                        Integer code = seen.get(name);
                        if (code == null) {
                            code = order.size();
                            seen.put(name, code);
                            order.add(name);
                        }
                        y[r] = code;
                    }
                }
                r++;
            }
            if (r != shape.rows()) {
                throw changed(shape.rows());
            }
        }
        List<String> featureNames = new ArrayList<>(shape.header());
        String target = featureNames.remove(shape.label());
        Columns columns = new Columns(featureNames, List.of(target));
        if (numericLabel) {
            return new Dataset(shape.rows(), features, x, y, 1, null, columns);
        }
        List<String> names = classes(order, y, target);
        return new Dataset(shape.rows(), features, x, y, 1, names, columns);
    }

    private IllegalArgumentException changed(int rows) {
        return new IllegalArgumentException(file + ": the file changed while it was read (it had " + rows
                + " data rows at first)");
    }

    private void requireWidth(CsvRecords in, int width) {
        if (in.size() != width) {
            throw new IllegalArgumentException(file + ": line " + in.line() + " has " + in.size()
                    + " cells, expected " + width + " (as in the header)");
        }
    }

    /** The header row's names, checked to differ. */
    private List<String> header(CsvRecords in) throws IOException {
        if (!in.next(true)) {
            throw new IllegalArgumentException(file + ": empty file, expected a header row");
        }
        List<String> header = new ArrayList<>(in.size());
        for (int c = 0; c < in.size(); c++) {
            header.add(in.cell(c));
        }
        requireDistinct(header);
        return header;
    }

    private void requireDistinct(List<String> header) {
        Map<String, Integer> first = new HashMap<>();
        for (int c = 0; c < header.size(); c++) {
            Integer earlier = first.putIfAbsent(header.get(c), c);
            if (earlier != null) {
                throw new IllegalArgumentException(file + ": the header names columns " + (earlier + 1) + " and "
                        + (c + 1) + " both '" + header.get(c) + "'; column names must differ");
            }
        }
    }

    private int labelColumn(List<String> header) {
        if (labelName != null) {
            int i = header.indexOf(labelName);
            if (i < 0) {
                throw new IllegalArgumentException(file + ": label column '" + labelName + "' not in the header "
                        + header);
            }
            return i;
        }
        int i = labelIndex < 0 ? header.size() - 1 : labelIndex;
        if (i >= header.size()) {
            throw new IllegalArgumentException(file + ": label column index " + i + " but the header has "
                    + header.size() + " columns");
        }
        if (header.size() < 2) {
            throw new IllegalArgumentException(file + ": need at least one feature column besides the label");
        }
        return i;
    }

    /** The class names in order (see {@link Dataset#nameClasses}); at least two. */
    private List<String> classes(List<String> order, double[] y, String column) {
        List<String> names = Dataset.nameClasses(order, y);
        if (names.size() < 2) {
            throw new IllegalArgumentException(file + ": label column '" + column + "' has one class only ('"
                    + order.get(0) + "'); classification needs at least 2");
        }
        return names;
    }

    private double number(CsvRecords in, int column, List<String> header) {
        String cell = in.cell(column);
        try {
            return Double.parseDouble(cell);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(file + ": line " + in.line() + ", column " + (column + 1) + " ('"
                    + header.get(column) + "'): '" + cell + "' is not a number");
        }
    }
}
