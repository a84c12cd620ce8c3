package dev.anneal.spark.ml;

import static org.apache.spark.sql.functions.col;

import dev.anneal.spark.BenchCluster;
import dev.anneal.testing.SharedData;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.apache.spark.SparkConf;
import org.apache.spark.ml.Model;
import org.apache.spark.ml.classification.MultilayerPerceptronClassifier;
import org.apache.spark.ml.evaluation.MulticlassClassificationEvaluator;
import org.apache.spark.ml.feature.VectorAssembler;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

/**
 * Anneal's {@link AnnealClassifier} (SGD with momentum, warmup then cosine) against MLlib's
 * {@code MultilayerPerceptronClassifier} with the same layers, solver l-bfgs at its defaults and
 * solver gd, on {@code local-cluster[2,1,MEM]} (two executor JVMs of one core): held-out accuracy and
 * the wall time of {@code fit} (after one untimed warm-up fit of each kind), the training data cached
 * on the executors beforehand for all. Not
 * part of the test suite: run by hand with
 * {@code ./build.sh mvn -o -pl spark test -Dtest=MlpComparisonBench -Dsurefire.failIfNoSpecifiedTests=false}
 * ({@code -Dbench.data=shared|generated|both}, default shared; {@code -Dbench.rows=N} for the generated
 * set, default 1,000,000; {@code -Dbench.memory=MB} per executor, default 2048;
 * {@code -Dbench.epochs=N} Anneal's epochs on the generated set, default 5; {@code -Dbench.averageEvery=K}
 * there, default 100; {@code -Dbench.sharedEpochs=N} on the shared set, default 20;
 * {@code -Dbench.mllib=false} runs Anneal only).
 */
class MlpComparisonBench {
    private static final String DATA = System.getProperty("bench.data", "shared");
    private static final long ROWS = Long.getLong("bench.rows", 1_000_000L);
    private static final int MEMORY = Integer.getInteger("bench.memory", 2048);
    private static final int EPOCHS = Integer.getInteger("bench.epochs", 5);
    private static final int FEATURES = 50;
    private static final int AVERAGE_EVERY = Integer.getInteger("bench.averageEvery", 100);
    private static final int SHARED_EPOCHS = Integer.getInteger("bench.sharedEpochs", 20);
    private static final boolean MLLIB = Boolean.parseBoolean(System.getProperty("bench.mllib", "true"));

    @Test
    void printTheTable() throws Exception {
        SparkConf conf = BenchCluster.conf("local-cluster[2,1," + MEMORY + "]")
                .set("spark.executor.memory", MEMORY + "m").set("spark.sql.shuffle.partitions", "4");
        SparkSession session = SparkSession.builder().config(conf).getOrCreate();
        session.sparkContext().setLogLevel("ERROR");
        List<String> table = new ArrayList<>();
        try {
            warmUp(session);
            if (!DATA.equals("generated")) {
                int steps = SHARED_EPOCHS * 25;
                compare(session, "shared 1000x20 (800/200)", shared(session), new int[] {64}, 2,
                        "warmup(" + steps / 20 + ") then cosine(" + (steps - steps / 20) + ")", SHARED_EPOCHS, 16, 0,
                        table);
            }
            if (!DATA.equals("shared")) {
                Dataset<Row> all = generated(session, ROWS, 8);
                Dataset<Row>[] parts = all.randomSplit(new double[] {0.8, 0.2}, 11);
                long trainRows = parts[0].count();
                long steps = EPOCHS * ((trainRows + 127) / 128);
                compare(session, "generated " + ROWS + "x" + FEATURES + ", 3 classes (80/20)", parts, new int[] {64}, 3,
                        "warmup(300) then cosine(" + (steps - 300) + ")", EPOCHS, 64, AVERAGE_EVERY, table);
            }
        } finally {
            session.stop();
        }
        System.out.println();
        System.out.println("| data | model | val accuracy | fit wall time (s) |");
        System.out.println("|---|---|---|---|");
        table.forEach(System.out::println);
    }

    /**
     * One untimed fit of each kind on the shared set, so that the timed fits find warm executors (classes
     * loaded, ND4J's natives loaded, JIT started) whichever runs first.
     */
    private static void warmUp(SparkSession session) {
        Dataset<Row>[] parts = shared(session);
        new AnnealClassifier().setEpochs(2).setBatchPerWorker(16).fit(parts[0]).transform(parts[1]).count();
        int[] layers = {20, 8, 2};
        new MultilayerPerceptronClassifier().setLayers(layers).setMaxIter(5).fit(parts[0]).transform(parts[1]).count();
        new MultilayerPerceptronClassifier().setLayers(layers).setSolver("gd").setMaxIter(5).fit(parts[0])
                .transform(parts[1]).count();
    }

    private static void compare(SparkSession session, String name, Dataset<Row>[] parts, int[] hidden, int classes,
                                String schedule, int epochs, int batch, int averageEvery, List<String> table) {
        Dataset<Row> train = parts[0].cache();
        Dataset<Row> test = parts[1].cache();
        System.out.printf("%s: %d training rows, %d held out%n", name, train.count(), test.count());
        int features = ((org.apache.spark.ml.linalg.Vector) train.first().get(0)).size();
        int[] layers = new int[hidden.length + 2];
        layers[0] = features;
        System.arraycopy(hidden, 0, layers, 1, hidden.length);
        layers[layers.length - 1] = classes;

        AnnealClassifier anneal = new AnnealClassifier().setLayers(hidden).setOptimizer("sgd").setLr(0.05)
                .setMomentum(0.9).setSchedule(schedule).setEpochs(epochs).setBatchPerWorker(batch).setWorkers(2)
                .setAverageEvery(averageEvery).setSeed(1);
        run(name, "Anneal (SGD momentum 0.9, " + schedule + ", " + epochs + " epochs, batch 2x" + batch
                + ", " + (averageEvery == 0 ? "averaging once an epoch" : "averaging every " + averageEvery + " steps")
                + ")", anneal, train, test, table);
        if (!MLLIB) {
            train.unpersist();
            test.unpersist();
            return;
        }
        run(name, "MLlib MLP, solver l-bfgs (defaults: maxIter 100, tol 1e-6, blockSize 128)",
                new MultilayerPerceptronClassifier().setLayers(layers).setSeed(1L), train, test, table);
        run(name, "MLlib MLP, solver gd (defaults: stepSize 0.03, maxIter 100)",
                new MultilayerPerceptronClassifier().setLayers(layers).setSolver("gd").setSeed(1L), train, test, table);
        train.unpersist();
        test.unpersist();
    }

    private static void run(String data, String what, org.apache.spark.ml.Estimator<?> estimator, Dataset<Row> train,
                            Dataset<Row> test, List<String> table) {
        long start = System.nanoTime();
        Model<?> model = (Model<?>) estimator.fit(train);
        double seconds = (System.nanoTime() - start) / 1e9;
        double accuracy = new MulticlassClassificationEvaluator().setMetricName("accuracy").evaluate(model.transform(test));
        String line = String.format(Locale.ROOT, "| %s | %s | %.4f | %.1f |", data, what, accuracy, seconds);
        System.out.println(line);
        table.add(line);
    }

    /** The shared CSV as (features, label), split 80/20 with seed 7. */
    @SuppressWarnings("unchecked")
    private static Dataset<Row>[] shared(SparkSession session) {
        Dataset<Row> raw = session.read().option("header", "true").option("inferSchema", "true")
                .csv(SharedData.file("data/synth-1000x20.csv").toString()).coalesce(1);
        String[] names = new String[20];
        for (int i = 0; i < names.length; i++) {
            names[i] = "f" + i;
        }
        Dataset<Row> data = new VectorAssembler().setInputCols(names).setOutputCol("features").transform(raw)
                .select(col("features"), col("label").cast("double").as("label"));
        return data.randomSplit(new double[] {0.8, 0.2}, 7);
    }

    /**
     * {@code n} rows made on the executors: 50 Gaussian features; the class is the argmax of three
     * fixed random projections plus a product of two features each, and 5% of the labels are random.
     */
    static Dataset<Row> generated(SparkSession session, long n, int partitions) {
        StructType schema = new StructType().add("features", SQLDataTypes.VectorType(), false)
                .add("label", DataTypes.DoubleType, false);
        SplittableRandom w = new SplittableRandom(2026);
        double[][] weights = new double[3][FEATURES];
        for (double[] row : weights) {
            for (int i = 0; i < FEATURES; i++) {
                row[i] = w.nextGaussian() / Math.sqrt(FEATURES);
            }
        }
        return session.createDataFrame(session.range(0, n, 1, partitions).toDF().javaRDD().map(r -> {
            long id = r.getLong(0);
            SplittableRandom rng = new SplittableRandom(id * 0x9E3779B97F4A7C15L + 5);
            double[] x = new double[FEATURES];
            for (int i = 0; i < FEATURES; i++) {
                x[i] = rng.nextGaussian();
            }
            int best = 0;
            double top = Double.NEGATIVE_INFINITY;
            for (int c = 0; c < 3; c++) {
                double s = 0.6 * x[3 * c] * x[3 * c + 1];
                for (int i = 0; i < FEATURES; i++) {
                    s += weights[c][i] * x[i];
                }
                if (s > top) {
                    top = s;
                    best = c;
                }
            }
            int label = rng.nextDouble() < 0.05 ? rng.nextInt(3) : best;
            return RowFactory.create(Vectors.dense(x), (double) label);
        }), schema);
    }
}
