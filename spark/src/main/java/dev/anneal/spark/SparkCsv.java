package dev.anneal.spark;

import dev.anneal.runtime.Dataset;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.Function2;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * CSV read by Spark's own reader into a {@link Dataset}: a file, a folder of part files, a glob, on
 * any file system the cluster reads ({@code hdfs://}, {@code s3a://}, local). Each file has a header
 * row; every column but the label is a numeric feature; labels are class names, ordered as
 * {@link Dataset#csv} orders them (numerically when all are integers, else alphabetically), or, with
 * {@link #regression()}, a numeric target. The executors read and parse the files and send the
 * numbers to the driver, which holds the rows: {@link SparkTrainer} standardises them there and deals
 * them to the workers as cached shards. One file gives its rows in the file's order, so the same data
 * set as {@code Dataset.csv(path)}; the part files of a folder come in the order Spark reads them.
 * {@link #frame()} keeps the rows on the executors instead, as a data frame for
 * {@link SparkTrainer#fit(org.apache.spark.sql.Dataset, org.apache.spark.sql.Dataset)}.
 *
 * <pre>{@code
 * Dataset data = SparkCsv.of(spark, "hdfs:///data/train.csv").label("species").read();
 * SparkTrainer.builder(spark, mlp).workers(8).batchSize(64).build().fit(data.split(0.2, 7, true));
 * }</pre>
 */
public final class SparkCsv {
    private final JavaSparkContext spark;
    private final String path;
    private final String labelName;
    private final int labelIndex;
    private final boolean numericLabel;

    private SparkCsv(JavaSparkContext spark, String path, String labelName, int labelIndex, boolean numericLabel) {
        this.spark = spark;
        this.path = path;
        this.labelName = labelName;
        this.labelIndex = labelIndex;
        this.numericLabel = numericLabel;
    }

    /** The CSV at {@code path} (any path Spark's reader takes), label in the last column unless told otherwise. */
    public static SparkCsv of(JavaSparkContext spark, String path) {
        return new SparkCsv(Objects.requireNonNull(spark, "spark"), Objects.requireNonNull(path, "path"), null, -1,
                false);
    }

    /** The label is the column with this header. */
    public SparkCsv label(String name) {
        return new SparkCsv(spark, path, Objects.requireNonNull(name, "name"), -1, numericLabel);
    }

    /** The label is the column at this index (from 0). */
    public SparkCsv label(int index) {
        if (index < 0) {
            throw new IllegalArgumentException("label column index must be >= 0, got " + index);
        }
        return new SparkCsv(spark, path, null, index, numericLabel);
    }

    /** The label is a numeric regression target. */
    public SparkCsv regression() {
        return new SparkCsv(spark, path, labelName, labelIndex, true);
    }

    /**
     * Reads the rows.
     *
     * @throws IllegalArgumentException naming the path and what is wrong: no such path, no label
     *                                  column, a row whose cells do not match the header, a cell that is
     *                                  not a number (with its data row and column), one class only
     */
    public Dataset read() {
        org.apache.spark.sql.Dataset<Row> frame = cells("");
        String[] header = frame.columns();
        int label = labelColumn(header);
        List<Part> parts;
        try {
            parts = frame.javaRDD().mapPartitionsWithIndex(new Parse(label, numericLabel), true).collect();
        } catch (Exception e) {   // SparkException (undeclared): the reader found a row it cannot parse
            throw new IllegalArgumentException(path + ": Spark's reader failed on a data row (expected "
                    + header.length + " cells, as in the header): " + firstLine(rootCause(e)), e);
        }
        return dataset(header, label, parts);
    }

    /**
     * The rows as a data frame that stays on the executors: a {@code features} vector column (every
     * column but the label, in the header's order) and a {@code label} column (the class name as text,
     * or with {@link #regression()} the target as a number), parsed by the executors. Give it to
     * {@link SparkTrainer#fit(org.apache.spark.sql.Dataset, org.apache.spark.sql.Dataset)}; nothing is
     * read until a job runs, and a cell that is not a number fails that job with a message naming it.
     *
     * <pre>{@code
     * Dataset<Row>[] parts = SparkCsv.of(spark, "s3a://bucket/train/*.csv").label("species").frame()
     *         .randomSplit(new double[] {0.8, 0.2}, 7);
     * }</pre>
     *
     * @throws IllegalArgumentException naming the path when it does not exist or has no such label column
     */
    public org.apache.spark.sql.Dataset<Row> frame() {
        org.apache.spark.sql.Dataset<Row> raw = cells("; expected a CSV file, a folder of them or a glob that Spark "
                + "can read");
        SparkSession session = raw.sparkSession();
        String[] header = raw.columns();
        int label = labelColumn(header);
        // the features' names ride in the vector column's ML attributes, as VectorAssembler writes them
        org.apache.spark.ml.attribute.Attribute[] names = new org.apache.spark.ml.attribute.Attribute[header.length - 1];
        for (int c = 0, i = 0; c < header.length; c++) {
            if (c != label) {
                names[i++] = org.apache.spark.ml.attribute.NumericAttribute.defaultAttr().withName(header[c].strip());
            }
        }
        org.apache.spark.sql.types.StructType schema = new org.apache.spark.sql.types.StructType()
                .add(new org.apache.spark.ml.attribute.AttributeGroup("features", names).toStructField())
                .add("label", numericLabel ? org.apache.spark.sql.types.DataTypes.DoubleType
                        : org.apache.spark.sql.types.DataTypes.StringType, false);
        return session.createDataFrame(raw.javaRDD().map(new ToFeatures(path, header, label, numericLabel)), schema);
    }

    /**
     * The files' cells as text, read by Spark's CSV reader (header row, failing on a malformed record,
     * spaces around cells dropped); a path Spark cannot read is an error ending in {@code expected}.
     */
    private org.apache.spark.sql.Dataset<Row> cells(String expected) {
        try {
            return SparkSession.builder().sparkContext(spark.sc()).getOrCreate().read()
                    .option("header", "true").option("mode", "FAILFAST")
                    .option("ignoreLeadingWhiteSpace", "true").option("ignoreTrailingWhiteSpace", "true")
                    .csv(path);
        } catch (Exception e) {   // Spark's AnalysisException, e.g. for a path that is not there
            throw new IllegalArgumentException(path + ": " + firstLine(e) + expected, e);
        }
    }

    /** A row of strings as (features vector, label), on the executor; a bad cell fails with its column and value. */
    private record ToFeatures(String path, String[] header, int label, boolean numericLabel)
            implements org.apache.spark.api.java.function.Function<Row, Row> {

        @Override
        public Row call(Row row) {
            double[] x = new double[row.length() - 1];
            Object y = null;
            for (int c = 0, j = 0; c < row.length(); c++) {
                String cell = row.getString(c);
                if (c == label && !numericLabel) {
                    if (cell == null) {
                        throw new IllegalArgumentException(path + ": a row has no label in column '" + header[c] + "'");
                    }
                    y = cell;
                    continue;
                }
                double v;
                try {
                    v = Double.parseDouble(cell);
                } catch (NumberFormatException | NullPointerException e) {
                    throw new IllegalArgumentException(path + ": column '" + header[c] + "': "
                            + (cell == null ? "an empty cell" : "'" + cell + "'") + ", expected a number");
                }
                if (c == label) {
                    y = v;
                } else {
                    x[j++] = v;
                }
            }
            return org.apache.spark.sql.RowFactory.create(org.apache.spark.ml.linalg.Vectors.dense(x), y);
        }
    }

    private int labelColumn(String[] header) {
        if (labelName != null) {
            int i = Arrays.asList(header).indexOf(labelName);
            if (i < 0) {
                throw new IllegalArgumentException(path + ": label column '" + labelName + "' not in the header "
                        + Arrays.toString(header));
            }
            return i;
        }
        int i = labelIndex < 0 ? header.length - 1 : labelIndex;
        if (i >= header.length) {
            throw new IllegalArgumentException(path + ": label column index " + i + " but the header has "
                    + header.length + " columns");
        }
        if (header.length < 2) {
            throw new IllegalArgumentException(path + ": need at least one feature column besides the label");
        }
        return i;
    }

    private Dataset dataset(String[] header, int label, List<Part> parts) {
        List<double[]> features = new ArrayList<>();
        List<String> names = new ArrayList<>();
        List<Double> targets = new ArrayList<>();
        for (Part p : parts) {
            if (p.badColumn >= 0) {
                String cell = p.badCell == null ? "an empty cell" : "'" + p.badCell + "'";
                throw new IllegalArgumentException(path + ": data row " + (features.size() + p.features.size() + 1)
                        + ", column '" + header[p.badColumn] + "': " + cell + ", expected a number"
                        + (p.badColumn == label ? " (the regression target)" : ""));
            }
            if (p.missingLabel >= 0) {
                throw new IllegalArgumentException(path + ": data row " + (features.size() + p.missingLabel + 1)
                        + " has no label in column '" + header[label] + "'");
            }
            features.addAll(p.features);
            names.addAll(p.labels);
            targets.addAll(p.targets);
        }
        if (features.isEmpty()) {
            throw new IllegalArgumentException(path + ": no data rows after the header");
        }
        double[][] x = features.toArray(double[][]::new);
        if (numericLabel) {
            return Dataset.regression(x, targets.stream().map(t -> new double[] {t}).toArray(double[][]::new));
        }
        Dataset d = Dataset.classification(x, names.toArray(String[]::new));
        if (d.classes().size() < 2) {
            throw new IllegalArgumentException(path + ": label column '" + header[label] + "' has one class only ('"
                    + d.classes().get(0) + "'); classification needs at least 2");
        }
        return d;
    }

    private static Throwable rootCause(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root;
    }

    private static String firstLine(Throwable e) {
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage().strip();
        int end = m.indexOf('\n');
        m = end < 0 ? m : m.substring(0, end);
        return m.length() > 200 ? m.substring(0, 200) + "..." : m;
    }

    /**
     * One partition's rows, parsed on its executor, up to its first bad cell or missing label (the
     * driver names it, counting the rows of the partitions before).
     */
    private record Part(List<double[]> features, List<String> labels, List<Double> targets, int badColumn,
                        String badCell, int missingLabel) implements Serializable {
    }

    /** Parses a partition's rows of strings into numbers, on the executor. */
    private record Parse(int label, boolean numericLabel) implements Function2<Integer, Iterator<Row>, Iterator<Part>> {

        @Override
        public Iterator<Part> call(Integer partition, Iterator<Row> rows) {
            List<double[]> features = new ArrayList<>();
            List<String> labels = new ArrayList<>();
            List<Double> targets = new ArrayList<>();
            while (rows.hasNext()) {
                Row row = rows.next();
                double[] x = new double[row.length() - 1];
                for (int c = 0, j = 0; c < row.length(); c++) {
                    String cell = row.getString(c);
                    if (c == label && !numericLabel) {
                        if (cell == null) {
                            return List.of(new Part(features, labels, targets, -1, null, features.size())).iterator();
                        }
                        labels.add(cell);
                        continue;
                    }
                    double v;
                    try {
                        v = Double.parseDouble(cell);
                    } catch (NumberFormatException | NullPointerException e) {
                        return List.of(new Part(features, labels, targets, c, cell, -1)).iterator();
                    }
                    if (c == label) {
                        targets.add(v);
                    } else {
                        x[j++] = v;
                    }
                }
                features.add(x);
            }
            return List.of(new Part(features, labels, targets, -1, null, -1)).iterator();
        }
    }
}
