package dev.anneal.runtime;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A CSV file with a header row, read into a {@link Dataset}: every column but the label is a
 * numeric feature; the label column is named or indexed. Labels are class names (strings or
 * integers, ordered numerically when all are integers, else alphabetically) or, with
 * {@link #regression()}, a numeric target. Cells are separated by commas; quotes around a cell are
 * removed. Errors name the line and column.
 *
 * <pre>{@code
 * Dataset data = Dataset.csv(Path.of("iris.csv")).label("species").read();
 * Dataset prices = Dataset.csv(Path.of("houses.csv")).label(0).regression().read();
 * }</pre>
 *
 * @param file        the file
 * @param labelName   the label column's header, or null when {@code labelIndex} is used
 * @param labelIndex  the label column's index from 0, or -1 for the last column
 * @param numericLabel whether the label is a numeric regression target rather than a class
 */
public record CsvSource(Path file, String labelName, int labelIndex, boolean numericLabel) {

    static CsvSource of(Path file) {
        return new CsvSource(file, null, -1, false);
    }

    /** The label is the column with this header. */
    public CsvSource label(String name) {
        return new CsvSource(file, name, -1, numericLabel);
    }

    /** The label is the column at this index (from 0). */
    public CsvSource label(int index) {
        if (index < 0) {
            throw new IllegalArgumentException("label column index must be >= 0, got " + index);
        }
        return new CsvSource(file, null, index, numericLabel);
    }

    /** The label is a numeric regression target. */
    public CsvSource regression() {
        return new CsvSource(file, labelName, labelIndex, true);
    }

    /** Reads the file. @throws IllegalArgumentException naming the line and column of a bad cell */
    public Dataset read() {
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String headerLine = in.readLine();
            if (headerLine == null) {
                throw new IllegalArgumentException(file + ": empty file, expected a header row");
            }
            List<String> header = cells(headerLine);
            int label = labelColumn(header);
            int width = header.size();
            List<double[]> features = new ArrayList<>();
            List<String> labels = new ArrayList<>();
            String line;
            int lineNo = 1;
            while ((line = in.readLine()) != null) {
                lineNo++;
                if (line.isBlank()) {
                    continue;
                }
                List<String> cells = cells(line);
                if (cells.size() != width) {
                    throw new IllegalArgumentException(file + ": line " + lineNo + " has " + cells.size()
                            + " cells, expected " + width + " (as in the header)");
                }
                double[] row = new double[width - 1];
                for (int c = 0, j = 0; c < width; c++) {
                    if (c == label) {
                        if (numericLabel) {
                            number(cells.get(c), lineNo, c, header.get(c));
                        }
                        labels.add(cells.get(c));
                    } else {
                        row[j++] = number(cells.get(c), lineNo, c, header.get(c));
                    }
                }
                features.add(row);
            }
            if (features.isEmpty()) {
                throw new IllegalArgumentException(file + ": no data rows after the header");
            }
            double[][] x = features.toArray(new double[0][]);
            if (numericLabel) {
                double[][] y = new double[labels.size()][1];
                for (int i = 0; i < y.length; i++) {
                    y[i][0] = Double.parseDouble(labels.get(i));
                }
                return Dataset.regression(x, y);
            }
            return classes(x, labels, header.get(label));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
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

    private Dataset classes(double[][] x, List<String> labels, String column) {
        boolean integers = labels.stream().allMatch(s -> s.matches("[+-]?\\d+"));
        Map<Object, Integer> index = new TreeMap<>();
        for (String s : labels) {
            index.put(integers ? (Object) Long.valueOf(s) : s, 0);
        }
        if (index.size() < 2) {
            throw new IllegalArgumentException(file + ": label column '" + column + "' has one class only ('"
                    + labels.get(0) + "'); classification needs at least 2");
        }
        List<String> names = new ArrayList<>();
        for (Map.Entry<Object, Integer> e : index.entrySet()) {
            e.setValue(names.size());
            names.add(e.getKey().toString());
        }
        int[] y = new int[labels.size()];
        for (int i = 0; i < y.length; i++) {
            y[i] = index.get(integers ? (Object) Long.valueOf(labels.get(i)) : labels.get(i));
        }
        Dataset d = Dataset.classification(x, y);
        return new Dataset(d.rows(), d.features(), d.x(), d.y(), 1, names);
    }

    private double number(String cell, int line, int column, String name) {
        try {
            return Double.parseDouble(cell);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(file + ": line " + line + ", column " + (column + 1) + " ('" + name
                    + "'): '" + cell + "' is not a number");
        }
    }

    private static List<String> cells(String line) {
        List<String> out = new ArrayList<>(Arrays.asList(line.split(",", -1)));
        for (int i = 0; i < out.size(); i++) {
            String s = out.get(i).trim();
            if (s.length() >= 2 && s.startsWith("\"") && s.endsWith("\"")) {
                s = s.substring(1, s.length() - 1);
            }
            out.set(i, s);
        }
        return out;
    }
}
