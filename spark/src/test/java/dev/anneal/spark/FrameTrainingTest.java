package dev.anneal.spark;

import static dev.anneal.Schedule.cosine;
import static dev.anneal.Schedule.warmup;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.anneal.runtime.Activation;
import dev.anneal.runtime.Dataset;
import dev.anneal.runtime.History;
import dev.anneal.runtime.Mlp;
import dev.anneal.runtime.Network;
import dev.anneal.runtime.Optimizer;
import dev.anneal.runtime.RunFolder;
import dev.anneal.runtime.Trainer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Training on data frames whose rows stay on the executors, against the rows-on-the-driver path. */
class FrameTrainingTest {
    private static final Mlp MLP = Mlp.input(20).dense(32, Activation.RELU).dense(2);
    private static JavaSparkContext spark;
    private static SparkSession session;

    @BeforeAll
    static void start() {
        spark = LocalSpark.start("local[2]");
        session = SparkSession.builder().sparkContext(spark.sc()).getOrCreate();
    }

    @AfterAll
    static void stop() {
        if (spark != null) {
            spark.stop();
        }
    }

    /** {@code d}'s rows as a data frame of {@code partitions} partitions (columns features, label), in {@code d}'s order. */
    static org.apache.spark.sql.Dataset<Row> frame(JavaSparkContext spark, Dataset d, int partitions) {
        List<Row> rows = new ArrayList<>();
        for (int r = 0; r < d.rows(); r++) {
            rows.add(RowFactory.create(Vectors.dense(d.features(r)),
                    d.isClassification() ? (double) d.label(r) : d.targets(r)[0]));
        }
        StructType schema = new StructType().add("features", SQLDataTypes.VectorType())
                .add("label", DataTypes.DoubleType);
        return SparkSession.builder().sparkContext(spark.sc()).getOrCreate()
                .createDataFrame(spark.parallelize(rows, partitions), schema);
    }

    private static SparkTrainer.Builder trainer() {
        return SparkTrainer.builder(spark, MLP).workers(2).batchSize(16).averageEvery(5).standardize(true)
                .optimizer(Optimizer.sgd(0.05).momentum(0.9)).schedule(warmup(10).then(cosine(90))).epochs(4).seed(3);
    }

    @Test
    void aDataFrameTrainsAsTheSameRowsOnTheDriverDo() {
        SparkTrainer onDriver = trainer().build();
        History expected = onDriver.fit(SparkTrainerTest.SPLIT);
        SparkTrainer onExecutors = trainer().build();
        History got = onExecutors.fit(frame(spark, SparkTrainerTest.SPLIT.train(), 3),
                frame(spark, SparkTrainerTest.SPLIT.validation(), 2));

        double worst = largestDifference(onDriver.network(), onExecutors.network());
        System.out.println("data frame vs rows on the driver, largest parameter difference: " + worst
                + "; val loss " + got.last().valLoss() + " vs " + expected.last().valLoss());
        assertTrue(worst < 1e-5, "parameters differ by up to " + worst);
        assertEquals(expected.last().valLoss(), got.last().valLoss(), 1e-5);
        assertEquals(expected.last().valAccuracy(), got.last().valAccuracy(), 1e-9);
        assertEquals(expected.last().trainLoss(), got.last().trainLoss(), 1e-5);
    }

    @Test
    void oneInputPartitionOrFiveGiveTheSameBits() {
        SparkTrainer one = trainer().build();
        History a = one.fit(frame(spark, SparkTrainerTest.SPLIT.train(), 1), frame(spark, SparkTrainerTest.SPLIT.validation(), 1));
        SparkTrainer five = trainer().build();
        History b = five.fit(frame(spark, SparkTrainerTest.SPLIT.train(), 5), frame(spark, SparkTrainerTest.SPLIT.validation(), 5));

        assertEquals(0.0, largestDifference(one.network(), five.network()));
        for (int e = 0; e < a.epochs().size(); e++) {
            assertEquals(a.epochs().get(e).trainLoss(), b.epochs().get(e).trainLoss(), 0.0);
            assertEquals(a.epochs().get(e).valLoss(), b.epochs().get(e).valLoss(), 0.0);
            assertEquals(a.epochs().get(e).valAccuracy(), b.epochs().get(e).valAccuracy(), 0.0);
        }
        assertArrayEquals(one.network().standardizer().mean(), five.network().standardizer().mean());
    }

    @Test
    void aRunStoppedOnSparkContinuesFromItsFolderToTheSameBits(@TempDir Path dir) throws Exception {
        SparkTrainer straight = trainer().build();
        straight.fit(frame(spark, SparkTrainerTest.SPLIT.train(), 2), frame(spark, SparkTrainerTest.SPLIT.validation(), 2));

        RunFolder folder = RunFolder.at(dir.resolve("run"));
        trainer().runFolder(folder).stopAfter(2).build()
                .fit(frame(spark, SparkTrainerTest.SPLIT.train(), 3), frame(spark, SparkTrainerTest.SPLIT.validation(), 3));
        SparkTrainer continued = trainer().runFolder(folder).build();
        History h = continued.fit(frame(spark, SparkTrainerTest.SPLIT.train(), 4),
                frame(spark, SparkTrainerTest.SPLIT.validation(), 1));

        assertEquals(4, h.epochs().size());
        assertEquals(0.0, largestDifference(straight.network(), continued.network()));
        String runJson = Files.readString(folder.dir().resolve("run.json"));
        assertTrue(runJson.contains("finished"), runJson);
        assertTrue(runJson.contains("rowsum:"), "the data's identity is its row-hash sum: " + runJson);
    }

    @Test
    void aTrainerBuiltElsewhereTrainsOnFrameDataToTheSameBits() {
        SparkTrainer viaSparkTrainer = trainer().build();
        viaSparkTrainer.fit(frame(spark, SparkTrainerTest.SPLIT.train(), 2), frame(spark, SparkTrainerTest.SPLIT.validation(), 2));

        Trainer elsewhere = Trainer.builder(MLP).batchSize(32).standardize(true).optimizer(Optimizer.sgd(0.05).momentum(0.9))
                .schedule(warmup(10).then(cosine(90))).epochs(4).seed(3).build();
        try (SparkEpochs onSpark = new SparkEpochs(spark, 2).averageEvery(5);
             FrameData data = FrameData.of(onSpark, MLP, frame(spark, SparkTrainerTest.SPLIT.train(), 3),
                     frame(spark, SparkTrainerTest.SPLIT.validation(), 1), "features", "label", 3, true, true)) {
            elsewhere.fit(data);
        }

        assertEquals(0.0, largestDifference(viaSparkTrainer.network(), elsewhere.network()));
    }

    static double largestDifference(Network a, Network b) {
        double worst = 0;
        for (int i = 0; i < a.parameters().size(); i++) {
            double[] x = a.parameters().get(i).values();
            double[] y = b.parameters().get(i).values();
            for (int j = 0; j < x.length; j++) {
                worst = Math.max(worst, Math.abs(x[j] - y[j]) / Math.max(1, Math.abs(x[j])));
            }
        }
        return worst;
    }
}
