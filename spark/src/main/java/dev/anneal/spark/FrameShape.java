package dev.anneal.spark;

import dev.anneal.runtime.DataFacts;
import java.io.Serializable;
import java.util.Arrays;
import java.util.List;
import java.util.TreeSet;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.sql.types.StringType;
import org.apache.spark.sql.types.StructType;

/**
 * What the driver learns of a data frame before training on it, by Spark aggregations (no row
 * collected): the values per features vector (from the first row) and, for classification, the class
 * names of the label column in the order a {@link dev.anneal.runtime.Dataset} gives them (numerically
 * when every name is an integer, else alphabetically); integral numbers print without {@code .0},
 * so a {@code StringIndexer}'s {@code 0.0, 1.0, ...} are the classes {@code "0", "1", ...}.
 *
 * <pre>{@code
 * FrameShape shape = FrameShape.of(train, null, "features", "label", true, 100);
 * Mlp mlp = Mlp.input(shape.features()).dense(64, Activation.RELU).dense(shape.classes().size());
 * SparkTrainer.builder(spark, mlp).build().fit(train, null, shape);
 * }</pre>
 *
 * @param features values per features vector
 * @param classes  the class names, or null for regression
 */
public record FrameShape(int features, List<String> classes) implements Serializable {

    /** Copies the class list. */
    public FrameShape {
        classes = classes == null ? null : List.copyOf(classes);
    }

    /**
     * Checks a data frame's columns: {@code features} a vector column, {@code label} numeric (or, for
     * classification, a string column of class names); {@code what} names the data in messages.
     *
     * @throws IllegalArgumentException naming the column, its type and what was expected
     */
    public static void check(StructType schema, String what, String features, String label, boolean classification) {
        List<String> names = Arrays.asList(schema.fieldNames());
        if (!names.contains(features)) {
            throw new IllegalArgumentException(what + ": no features column '" + features + "' among " + names
                    + "; expected a vector column (e.g. made by VectorAssembler)");
        }
        DataType f = schema.apply(features).dataType();
        if (!SQLDataTypes.VectorType().equals(f)) {
            throw new IllegalArgumentException(what + ": features column '" + features + "' is of type "
                    + f.simpleString() + "; expected a vector (org.apache.spark.ml.linalg.Vector, e.g. made by"
                    + " VectorAssembler)");
        }
        if (!names.contains(label)) {
            throw new IllegalArgumentException(what + ": no label column '" + label + "' among " + names
                    + "; expected a " + (classification ? "numeric or string column of classes" : "numeric column"));
        }
        DataType l = schema.apply(label).dataType();
        if (!(l instanceof NumericType) && !(classification && l instanceof StringType)) {
            throw new IllegalArgumentException(what + ": label column '" + label + "' is of type " + l.simpleString()
                    + "; expected " + (classification ? "a number or a string (a class name)" : "a number (regression)"));
        }
    }

    /**
     * The shape of {@code train} (and {@code validation}, may be null, whose classes count too), with
     * at most {@code maxClasses} classes.
     *
     * @throws IllegalArgumentException for a bad column ({@link #check}), no rows, an empty label or
     *                                  more classes than {@code maxClasses}
     */
    public static FrameShape of(org.apache.spark.sql.Dataset<Row> train, org.apache.spark.sql.Dataset<Row> validation,
                                String features, String label, boolean classification, int maxClasses) {
        check(train.schema(), "training data", features, label, classification);
        if (validation != null) {
            check(validation.schema(), "validation data", features, label, classification);
        }
        try {
            return measure(train, validation, features, label, classification, maxClasses);
        } catch (Exception e) {   // SparkException (undeclared) from a job whose task found a bad row
            throw userError(e);
        }
    }

    private static FrameShape measure(org.apache.spark.sql.Dataset<Row> train,
                                      org.apache.spark.sql.Dataset<Row> validation, String features, String label,
                                      boolean classification, int maxClasses) {
        List<Row> first = train.select(features).limit(1).collectAsList();
        if (first.isEmpty()) {
            throw new IllegalArgumentException("training data: no rows");
        }
        int width = ((Vector) first.get(0).get(0)).size();
        if (!classification) {
            return new FrameShape(width, null);
        }
        TreeSet<String> names = new TreeSet<>();
        for (org.apache.spark.sql.Dataset<Row> frame : validation == null ? List.of(train) : List.of(train, validation)) {
            for (Row r : frame.select(label).distinct().limit(maxClasses + 1).collectAsList()) {
                if (r.isNullAt(0)) {
                    throw new IllegalArgumentException("label column '" + label + "' has empty cells; expected a class"
                            + " in every row");
                }
                names.add(className(r.get(0)));
            }
        }
        if (names.size() > maxClasses) {
            throw new IllegalArgumentException("label column '" + label + "' has more than " + maxClasses
                    + " classes; expected at most " + maxClasses + " (is it a regression target?)");
        }
        if (names.size() < 2) {
            throw new IllegalArgumentException("label column '" + label + "' has one class only (" + names
                    + "); classification needs at least 2");
        }
        return new FrameShape(width, DataFacts.orderClasses(names));
    }

    /**
     * The error to give for {@code e}, thrown by a Spark job: the first {@link IllegalArgumentException}
     * among its causes (a task's message about the data), else {@code e} itself.
     */
    static RuntimeException userError(Exception e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof IllegalArgumentException bad) {
                return t == e ? bad : new IllegalArgumentException(bad.getMessage(), e);
            }
        }
        return e instanceof RuntimeException r ? r : new IllegalStateException(e.getMessage(), e);
    }

    /** A label cell's class name: an integral number without its {@code .0}, other numbers and strings as they print. */
    public static String className(Object cell) {
        if (cell instanceof Number n) {
            double d = n.doubleValue();
            return d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString((long) d) : Double.toString(d);
        }
        return String.valueOf(cell);
    }
}
