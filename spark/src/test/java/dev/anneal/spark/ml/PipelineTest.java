package dev.anneal.spark.ml;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.when;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.anneal.testing.SharedData;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.SparkConf;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.evaluation.MulticlassClassificationEvaluator;
import org.apache.spark.ml.evaluation.RegressionEvaluator;
import org.apache.spark.ml.feature.StringIndexer;
import org.apache.spark.ml.feature.VectorAssembler;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Anneal's estimators inside Spark ML pipelines, on the shared CSV. */
class PipelineTest {
    private static final String CSV = SharedData.file("data/synth-1000x20.csv").toString();

    static SparkSession start() {
        SparkConf conf = new SparkConf().setMaster("local[2]").setAppName("anneal-ml-test")
                .set("spark.ui.enabled", "false").set("spark.driver.host", "127.0.0.1")
                .set("spark.driver.bindAddress", "127.0.0.1").set("spark.sql.shuffle.partitions", "4");
        SparkSession s = SparkSession.builder().config(conf).getOrCreate();
        s.sparkContext().setLogLevel("WARN");
        return s;
    }

    /** The shared CSV with its label as class names ("no", "yes") in a column "answer", split 80/20 with a fixed seed. */
    static Dataset<Row>[] split(SparkSession s) {
        Dataset<Row> raw = s.read().option("header", "true").option("inferSchema", "true").csv(CSV).coalesce(1);
        Dataset<Row> named = raw.withColumn("answer", when(col("label").equalTo(1), "yes").otherwise("no")).drop("label");
        return named.randomSplit(new double[] {0.8, 0.2}, 7);
    }

    static String[] featureNames() {
        String[] names = new String[20];
        for (int i = 0; i < names.length; i++) {
            names[i] = "f" + i;
        }
        return names;
    }

    @Test
    void aPipelineOfAssemblerIndexerAndAnnealReaches088AndLoadsBackInANewContextToTheSamePredictions(
            @TempDir Path dir) throws Exception {
        SparkSession s = start();
        List<Row> before;
        double accuracy;
        try {
            Dataset<Row>[] parts = split(s);
            Pipeline pipeline = new Pipeline().setStages(new PipelineStage[] {
                    new VectorAssembler().setInputCols(featureNames()).setOutputCol("features"),
                    new StringIndexer().setInputCol("answer").setOutputCol("label"),
                    new AnnealClassifier().setLayers(new int[] {64}).setSchedule("warmup(25) then cosine(475)")
                            .setLr(0.05).setEpochs(20).setWorkers(2).setBatchPerWorker(16).setSeed(1)});
            PipelineModel model = pipeline.fit(parts[0]);
            Dataset<Row> scored = model.transform(parts[1]);
            accuracy = new MulticlassClassificationEvaluator().setMetricName("accuracy").evaluate(scored);
            before = scored.select("f0", "prediction", "probability").orderBy("f0").collectAsList();
            model.write().overwrite().save(dir.resolve("model").toString());
        } finally {
            s.stop();
        }
        System.out.println("pipeline (VectorAssembler, StringIndexer, AnnealClassifier): held-out accuracy " + accuracy
                + " on " + before.size() + " rows");
        assertTrue(accuracy >= 0.88, "held-out accuracy " + accuracy);

        SparkSession again = start();
        try {
            PipelineModel loaded = PipelineModel.load(dir.resolve("model").toString());
            List<Row> after = loaded.transform(split(again)[1]).select("f0", "prediction", "probability").orderBy("f0")
                    .collectAsList();
            assertEquals(before, after);
        } finally {
            again.stop();
        }
    }

    @Test
    void classNamesAsTextTrainDirectlyAndPredictTheirIndex() {
        SparkSession s = start();
        try {
            Dataset<Row>[] parts = split(s);
            VectorAssembler assembler = new VectorAssembler().setInputCols(featureNames()).setOutputCol("features");
            AnnealClassificationModel model = new AnnealClassifier().setLabelCol("answer").setLayers(new int[] {32})
                    .setSchedule("warmup(25) then cosine(375)").setEpochs(16).setBatchPerWorker(16).setSeed(2)
                    .fit(assembler.transform(parts[0]));
            assertEquals(List.of("no", "yes"), model.classes());
            Dataset<Row> scored = model.transform(assembler.transform(parts[1]))
                    .withColumn("truth", when(col("answer").equalTo("yes"), 1.0).otherwise(0.0));
            double accuracy = new MulticlassClassificationEvaluator().setLabelCol("truth").setMetricName("accuracy")
                    .evaluate(scored);
            System.out.println("class names as text: held-out accuracy " + accuracy);
            assertTrue(accuracy >= 0.88, "held-out accuracy " + accuracy);
        } finally {
            s.stop();
        }
    }

    @Test
    void aRegressorLearnsALinearTargetWithRSquaredAbove095() {
        SparkSession s = start();
        try {
            Dataset<Row> raw = s.read().option("header", "true").option("inferSchema", "true").csv(CSV);
            Dataset<Row> target = raw.withColumn("y", col("f0").multiply(2).minus(col("f1")).plus(col("f2").multiply(0.5)));
            Dataset<Row> data = new VectorAssembler().setInputCols(featureNames()).setOutputCol("features")
                    .transform(target);
            Dataset<Row>[] parts = data.randomSplit(new double[] {0.8, 0.2}, 3);
            AnnealRegressionModel model = new AnnealRegressor().setLabelCol("y").setLayers(new int[] {32})
                    .setOptimizer("adam").setLr(0.01).setSchedule("warmup(25) then cosine(475)").setEpochs(20)
                    .setBatchPerWorker(16).setSeed(3).fit(parts[0]);
            double r2 = new RegressionEvaluator().setLabelCol("y").setMetricName("r2")
                    .evaluate(model.transform(parts[1]));
            System.out.println("regressor: held-out R^2 " + r2 + ", layers " + Arrays.toString(model.layers()));
            assertTrue(r2 >= 0.95, "R^2 " + r2);
        } finally {
            s.stop();
        }
    }
}
