package dev.anneal.spark.ml;

import dev.anneal.runtime.Activation;
import dev.anneal.runtime.Loss;
import dev.anneal.runtime.Mlp;
import dev.anneal.runtime.Network;
import dev.anneal.runtime.Standardizer;
import dev.anneal.runtime.backend.Precision;
import dev.anneal.runtime.nd4j.CpuBackend;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.NoSuchElementException;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * A trained network as a model keeps, saves and ships to the executors: the layers, the parameters,
 * the standardisation statistics and the class names (null for regression). Predictions run on the
 * executors in batches of {@value #BATCH} rows.
 *
 * @param inputs     features per row
 * @param hidden     units of each hidden layer
 * @param activation the hidden layers' activation (lower case)
 * @param classes    class names in output order, or null for regression
 * @param parameters the parameters' values, in the network's order
 * @param mean       the standardizer's means, or null
 * @param std        the standardizer's deviations, or null
 * @param precision  float32 or float64
 */
record ModelWeights(int inputs, int[] hidden, String activation, List<String> classes, double[][] parameters,
                    double[] mean, double[] std, String precision) implements Serializable {
    static final int BATCH = 1024;

    static ModelWeights of(int[] hidden, String activation, Network net, List<String> classes) {
        double[][] params = new double[net.parameters().size()][];
        for (int i = 0; i < params.length; i++) {
            params[i] = net.parameters().get(i).values();
        }
        Standardizer s = net.standardizer();
        return new ModelWeights(net.spec().inputs(), hidden.clone(), activation.trim().toLowerCase(Locale.ROOT),
                classes == null ? null : List.copyOf(classes), params, s == null ? null : s.mean(),
                s == null ? null : s.std(), net.backend().precision().name().toLowerCase(Locale.ROOT));
    }

    /** The network's shape. */
    Mlp mlp() {
        Activation act = Activation.valueOf(activation.toUpperCase(Locale.ROOT));
        Mlp m = Mlp.input(inputs);
        for (int units : hidden) {
            m = m.dense(units, act);
        }
        return classes != null ? m.dense(classes.size()) : m.dense(1).loss(Loss.MSE);
    }

    /** The network, on a CPU backend of this JVM. */
    Network network() {
        Network net = mlp().build(CpuBackend.create(Precision.valueOf(precision.toUpperCase(Locale.ROOT)), 1), 0);
        for (int i = 0; i < parameters.length; i++) {
            net.parameters().get(i).set(parameters[i]);
        }
        if (mean != null) {
            net.standardizer(new Standardizer(mean, std));
        }
        return net;
    }

    /** The value each class's prediction column holds: its name as a number, or its index when the name is not one. */
    double[] predictionValues() {
        double[] values = new double[classes.size()];
        for (int k = 0; k < values.length; k++) {
            try {
                values[k] = Double.parseDouble(classes.get(k));
            } catch (NumberFormatException e) {
                values[k] = k;
            }
        }
        return values;
    }

    /** {@code schema} with the prediction column (double) and, when not null, the probability column (vector). */
    static StructType outputSchema(StructType schema, String prediction, String probability) {
        List<String> names = Arrays.asList(schema.fieldNames());
        for (String c : probability == null ? List.of(prediction) : List.of(prediction, probability)) {
            if (names.contains(c)) {
                throw new IllegalArgumentException("output column '" + c + "' already exists among " + names
                        + "; expected a new column name");
            }
        }
        StructType out = schema.add(prediction, DataTypes.DoubleType, false);
        return probability == null ? out : out.add(probability, SQLDataTypes.VectorType(), false);
    }

    /** A partition's rows with their predictions appended, on the executor. */
    record Predict(ModelWeights weights, int featuresIndex, boolean probability)
            implements MapPartitionsFunction<Row, Row> {

        @Override
        public Iterator<Row> call(Iterator<Row> rows) {
            return new Iterator<>() {
                private Network net;
                private double[] predictions;   // per class, worked out once
                private final List<Row> ready = new ArrayList<>();
                private int next;

                @Override
                public boolean hasNext() {
                    if (next < ready.size()) {
                        return true;
                    }
                    ready.clear();
                    next = 0;
                    if (!rows.hasNext()) {
                        return false;
                    }
                    List<Row> batch = new ArrayList<>(BATCH);
                    while (rows.hasNext() && batch.size() < BATCH) {
                        batch.add(rows.next());
                    }
                    double[][] x = new double[batch.size()][];
                    for (int i = 0; i < x.length; i++) {
                        x[i] = ((Vector) batch.get(i).get(featuresIndex)).toArray();
                    }
                    if (net == null) {
                        net = weights.network();
                        predictions = weights.classes() == null ? null : weights.predictionValues();
                    }
                    double[][] y = net.predict(x);
                    for (int i = 0; i < x.length; i++) {
                        ready.add(withPrediction(batch.get(i), y[i], predictions));
                    }
                    return true;
                }

                @Override
                public Row next() {
                    if (!hasNext()) {
                        throw new NoSuchElementException();
                    }
                    return ready.get(next++);
                }
            };
        }

        private Row withPrediction(Row row, double[] out, double[] predictions) {
            int n = row.length();
            Object[] values = new Object[n + (probability ? 2 : 1)];
            for (int i = 0; i < n; i++) {
                values[i] = row.get(i);
            }
            if (weights.classes() == null) {
                values[n] = out[0];
            } else {
                int best = 0;
                for (int k = 1; k < out.length; k++) {
                    if (out[k] > out[best]) {
                        best = k;
                    }
                }
                values[n] = predictions[best];
                if (probability) {
                    values[n + 1] = Vectors.dense(out);
                }
            }
            return RowFactory.create(values);
        }
    }
}
