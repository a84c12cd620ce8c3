package dev.anneal.spark;

import static dev.anneal.Schedule.cosine;
import static dev.anneal.Schedule.warmup;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.anneal.runtime.Activation;
import dev.anneal.runtime.History;
import dev.anneal.runtime.Mlp;
import dev.anneal.runtime.Optimizer;
import java.util.SplittableRandom;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

/**
 * On a local cluster whose driver refuses job results above 1 MB ({@code spark.driver.maxResultSize}),
 * a data frame of 150,000 rows x 24 features (about 29 MB of numbers, made on the executors) trains:
 * the rows never pass through the driver. Collecting them fails, as the control shows.
 */
class DriverNeverCollectsTest {
    static final int FEATURES = 24;

    /** Rows {@code from .. from + n - 1}: 24 Gaussian features, the class the argmax of three fixed projections. */
    static org.apache.spark.sql.Dataset<Row> generated(SparkSession session, long from, long n, int partitions) {
        StructType schema = new StructType().add("features", SQLDataTypes.VectorType(), false)
                .add("label", DataTypes.DoubleType, false);
        return session.createDataFrame(session.range(from, from + n, 1, partitions).toDF().javaRDD().map(r -> {
            long id = r.getLong(0);
            SplittableRandom rng = new SplittableRandom(id * 0x9E3779B97F4A7C15L + 17);
            double[] x = new double[FEATURES];
            for (int i = 0; i < FEATURES; i++) {
                x[i] = rng.nextGaussian();
            }
            double[] score = new double[3];
            for (int c = 0; c < 3; c++) {
                for (int i = c; i < FEATURES; i += 3) {
                    score[c] += x[i] * (1 + 0.1 * i);
                }
            }
            int best = score[0] >= score[1] && score[0] >= score[2] ? 0 : score[1] >= score[2] ? 1 : 2;
            return RowFactory.create(Vectors.dense(x), (double) best);
        }), schema);
    }

    @Test
    void aFrameOf29MegabytesTrainsUnderA1MegabyteResultLimit() throws Exception {
        JavaSparkContext spark = new JavaSparkContext(LocalCluster.conf("local-cluster[2,1,1024]")
                .set("spark.executor.memory", "768m").set("spark.driver.maxResultSize", "1m"));
        try {
            SparkSession session = SparkSession.builder().sparkContext(spark.sc()).getOrCreate();
            org.apache.spark.sql.Dataset<Row> train = generated(session, 0, 150_000, 4);
            org.apache.spark.sql.Dataset<Row> validation = generated(session, 150_000, 20_000, 2);
            SparkTrainer t = SparkTrainer.builder(spark, Mlp.input(FEATURES).dense(32, Activation.RELU).dense(3))
                    .workers(2).batchSize(128).averageEvery(100).standardize(true)
                    .optimizer(Optimizer.sgd(0.05).momentum(0.9)).schedule(warmup(50).then(cosine(1122)))
                    .epochs(2).seed(1).build();

            History h = t.fit(train, validation);

            System.out.println("150,000 x 24 under spark.driver.maxResultSize=1m: val acc " + h.last().valAccuracy()
                    + ", val loss " + h.last().valLoss());
            assertEquals(1172, h.last().steps());
            assertTrue(h.last().valAccuracy() >= 0.9, "val acc " + h.last().valAccuracy());
            Exception collected = assertThrows(Exception.class, () -> train.collectAsList());
            assertTrue(String.valueOf(collected.getMessage()).contains("maxResultSize"), collected.getMessage());
        } finally {
            spark.stop();
        }
    }
}
