package dev.anneal.runtime;

import dev.anneal.runtime.training.Shuffle;
import java.math.BigInteger;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;

/**
 * Rows of features with a class label (classification) or target values (regression), in memory,
 * immutable. Read one from CSV with {@link #csv(Path)} or wrap arrays; split it once, then the
 * trainer uploads each part and batches it by index, without copying it again.
 *
 * <pre>{@code
 * Dataset data = Dataset.csv(Path.of("data.csv")).label("label").read();
 * Split split = data.split(0.2, 7, true);                // 20% validation, stratified
 * Dataset xor = Dataset.classification(new double[][] {{0, 0}, {0, 1}, {1, 0}, {1, 1}}, new int[] {0, 1, 1, 0});
 * }</pre>
 */
public final class Dataset implements java.io.Serializable {
    private static final long serialVersionUID = 1L;

    private final int rows;
    private final int features;
    private final double[] x;
    private final double[] y;
    private final int targets;
    private final List<String> classes;
    private final Columns columns;

    Dataset(int rows, int features, double[] x, double[] y, int targets, List<String> classes) {
        this(rows, features, x, y, targets, classes, Columns.numbered(features, targets, classes != null));
    }

    Dataset(int rows, int features, double[] x, double[] y, int targets, List<String> classes, Columns columns) {
        this.rows = rows;
        this.features = features;
        this.x = x;
        this.y = y;
        this.targets = targets;
        this.classes = classes == null ? null : List.copyOf(classes);
        this.columns = columns;
    }

    /** A CSV file to read: say which column is the label, then {@link CsvSource#read()}. */
    public static CsvSource csv(Path file) {
        return CsvSource.of(file);
    }

    /** A classification data set; labels are class indices {@code 0..k-1}, named {@code "0"..."k-1"}. */
    public static Dataset classification(double[][] features, int[] labels) {
        int f = width(features);
        if (labels.length != features.length) {
            throw new IllegalArgumentException(features.length + " rows of features but " + labels.length + " labels");
        }
        int k = 0;
        double[] y = new double[labels.length];
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] < 0) {
                throw new IllegalArgumentException("label of row " + i + " must be >= 0, got " + labels[i]);
            }
            k = Math.max(k, labels[i] + 1);
            y[i] = labels[i];
        }
        List<String> names = new ArrayList<>();
        for (int c = 0; c < k; c++) {
            names.add(Integer.toString(c));
        }
        return new Dataset(features.length, f, flatten(features, f), y, 1, names);
    }

    /**
     * A classification data set whose labels are class names, ordered as the CSV reader orders them:
     * numerically when every name is an integer, else alphabetically.
     *
     * <pre>{@code
     * Dataset d = Dataset.classification(new double[][] {{0.1}, {0.9}, {0.5}}, new String[] {"10", "9", "10"});
     * d.classes();   // ["9", "10"]; d.label(0) == 1
     * }</pre>
     */
    public static Dataset classification(double[][] features, String[] labels) {
        int f = width(features);
        if (labels.length != features.length) {
            throw new IllegalArgumentException(features.length + " rows of features but " + labels.length + " labels");
        }
        Map<String, Integer> seen = new HashMap<>();
        List<String> firstSeen = new ArrayList<>();
        double[] y = new double[labels.length];
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] == null) {
                throw new IllegalArgumentException("label of row " + i + " is missing");
            }
            Integer code = seen.putIfAbsent(labels[i], firstSeen.size());
            if (code == null) {
                code = firstSeen.size();
                firstSeen.add(labels[i]);
            }
            y[i] = code;
        }
        return new Dataset(features.length, f, flatten(features, f), y, 1, nameClasses(firstSeen, y));
    }

    /**
     * The class names in order (numeric when all are integers, else alphabetical), given the names in
     * the order first seen; rewrites {@code y} from first-seen codes to class indices.
     */
    static List<String> nameClasses(List<String> firstSeen, double[] y) {
        boolean integers = firstSeen.stream().allMatch(s -> s.matches("[+-]?\\d+"));
        Map<Object, Integer> index = new TreeMap<>();
        for (String s : firstSeen) {
            index.put(integers ? new BigInteger(s) : s, 0);
        }
        List<String> names = new ArrayList<>();
        for (Map.Entry<Object, Integer> e : index.entrySet()) {
            e.setValue(names.size());
            names.add(e.getKey().toString());
        }
        int[] classOf = new int[firstSeen.size()];
        for (int i = 0; i < classOf.length; i++) {
            String s = firstSeen.get(i);
            classOf[i] = index.get(integers ? new BigInteger(s) : s);
        }
        for (int r = 0; r < y.length; r++) {
            y[r] = classOf[(int) y[r]];
        }
        return names;
    }

    /** A regression data set: one row of targets per row of features. */
    public static Dataset regression(double[][] features, double[][] targets) {
        int f = width(features);
        if (targets.length != features.length) {
            throw new IllegalArgumentException(features.length + " rows of features but " + targets.length + " of targets");
        }
        int t = width(targets);
        return new Dataset(features.length, f, flatten(features, f), flatten(targets, t), t, null);
    }

    private static int width(double[][] m) {
        if (m.length == 0) {
            throw new IllegalArgumentException("a data set needs at least one row");
        }
        return m[0].length;
    }

    private static double[] flatten(double[][] m, int width) {
        double[] flat = new double[m.length * width];
        for (int r = 0; r < m.length; r++) {
            if (m[r].length != width) {
                throw new IllegalArgumentException("row " + r + " has " + m[r].length + " values, row 0 has " + width);
            }
            System.arraycopy(m[r], 0, flat, r * width, width);
        }
        return flat;
    }

    /** Number of rows. */
    public int rows() {
        return rows;
    }

    /** Features per row. */
    public int features() {
        return features;
    }

    /** Targets per row: 1 (the class index) for classification. */
    public int targets() {
        return targets;
    }

    /** Whether rows carry class labels. */
    public boolean isClassification() {
        return classes != null;
    }

    /** The class names, index {@code i} naming label {@code i}; empty for regression. */
    public List<String> classes() {
        return classes == null ? List.of() : classes;
    }

    /** The names of the feature and target columns: the CSV header's, or numbered ({@link Columns#numbered}). */
    public Columns columns() {
        return columns;
    }

    /**
     * The same rows with their columns named (the same number of features and targets).
     *
     * <pre>{@code
     * Dataset named = data.withColumns(new Columns(List.of("area", "rooms"), List.of("price")));
     * }</pre>
     */
    public Dataset withColumns(Columns names) {
        if (names.features().size() != features || names.targets().size() != (classes == null ? targets : 1)) {
            throw new IllegalArgumentException("withColumns: " + names.features().size() + " feature and "
                    + names.targets().size() + " target names for " + features + " features and "
                    + (classes == null ? targets : 1) + " target(s)");
        }
        return new Dataset(rows, features, x, y, targets, classes, names);
    }

    /**
     * The features, row-major ({@code rows() * features()}); shared, do not modify. Internal: for the runtime's own packages ({@code dev.anneal.runtime.training}, {@code .folder}, {@code .rangetest}); no compatibility promise.
     */
    public double[] x() {
        return x;
    }

    /**
     * The labels as numbers, or the targets, row-major ({@code rows() * targets()}); shared, do not
     * modify. Internal: for the runtime's own packages ({@code dev.anneal.runtime.training}, {@code .folder}, {@code .rangetest}); no compatibility promise.
     */
    public double[] y() {
        return y;
    }

    /** A copy of row {@code i}'s features. */
    public double[] features(int i) {
        return Arrays.copyOfRange(x, i * features, (i + 1) * features);
    }

    /** A copy of row {@code i}'s targets (regression), or its class index as one value (classification). */
    public double[] targets(int i) {
        return Arrays.copyOfRange(y, i * targets, (i + 1) * targets);
    }

    /** Row {@code i}'s class index. */
    public int label(int i) {
        if (classes == null) {
            throw new IllegalStateException("a regression data set has no labels");
        }
        return (int) y[i];
    }

    /** A new data set of the given rows, in that order. */
    public Dataset select(int[] which) {
        double[] nx = new double[which.length * features];
        double[] ny = new double[which.length * targets];
        for (int i = 0; i < which.length; i++) {
            System.arraycopy(x, which[i] * features, nx, i * features, features);
            System.arraycopy(y, which[i] * targets, ny, i * targets, targets);
        }
        return new Dataset(which.length, features, nx, ny, targets, classes, columns);
    }

    /** The same rows with other features (same shape), e.g. standardised. */
    Dataset withFeatures(double[] newX) {
        return new Dataset(rows, features, newX, y, targets, classes, columns);
    }

    /** Rows {@code [0, trainRows)} for training, the rest for validation (no shuffling). */
    public Split split(int trainRows) {
        if (trainRows < 1 || trainRows >= rows) {
            throw new IllegalArgumentException("split: trainRows must be in [1, " + (rows - 1) + "], got " + trainRows);
        }
        int[] train = new int[trainRows];
        int[] val = new int[rows - trainRows];
        Arrays.setAll(train, i -> i);
        Arrays.setAll(val, i -> trainRows + i);
        return new Split(select(train), select(val));
    }

    /**
     * A seeded random split with {@code validationFraction} of the rows (rounded) for validation;
     * {@code stratified} keeps each class's share the same in both parts.
     */
    public Split split(double validationFraction, long seed, boolean stratified) {
        if (!(validationFraction > 0 && validationFraction < 1)) {
            throw new IllegalArgumentException("split: validationFraction must be in (0, 1), got " + validationFraction);
        }
        if (stratified && classes == null) {
            throw new IllegalArgumentException("split: stratified needs class labels; this is a regression data set");
        }
        SplittableRandom rng = new SplittableRandom(seed);
        List<int[]> strata = new ArrayList<>();
        if (stratified) {
            for (int c = 0; c < classes.size(); c++) {
                final int cls = c;
                strata.add(java.util.stream.IntStream.range(0, rows).filter(i -> label(i) == cls).toArray());
            }
        } else {
            strata.add(java.util.stream.IntStream.range(0, rows).toArray());
        }
        List<Integer> train = new ArrayList<>();
        List<Integer> val = new ArrayList<>();
        for (int[] stratum : strata) {
            Shuffle.inPlace(stratum, rng);
            int nVal = (int) Math.round(stratum.length * validationFraction);
            for (int i = 0; i < stratum.length; i++) {
                (i < nVal ? val : train).add(stratum[i]);
            }
        }
        if (train.isEmpty() || val.isEmpty()) {
            throw new IllegalArgumentException("split: " + rows + " rows with validationFraction "
                    + validationFraction + " leave one part empty");
        }
        return new Split(select(train.stream().mapToInt(Integer::intValue).sorted().toArray()),
                select(val.stream().mapToInt(Integer::intValue).sorted().toArray()));
    }

    /**
     * Checks that a classification data set has at least two classes present ({@code what} names it
     * in the error).
     */
    public void requireTwoClasses(String what) {
        if (classes == null) {
            return;
        }
        int first = label(0);
        for (int i = 1; i < rows; i++) {
            if (label(i) != first) {
                return;
            }
        }
        throw new IllegalArgumentException(what + " has one class only ('" + classes.get(first)
                + "'); classification needs at least 2");
    }

    @Override
    public String toString() {
        return "Dataset[" + rows + " rows x " + features + " features, "
                + (classes == null ? targets + " target(s)" : classes.size() + " classes") + "]";
    }
}
