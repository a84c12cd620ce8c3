package example;

import dev.anneal.spark.ml.AnnealClassifier;
import java.util.Arrays;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.evaluation.MulticlassClassificationEvaluator;
import org.apache.spark.ml.feature.StringIndexer;
import org.apache.spark.ml.feature.VectorAssembler;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/** The README's Spark ML pipeline in a project of its own: {@code java example.SparkPipeline synth-1000x20.csv}. */
public class SparkPipeline {
    public static void main(String[] args) {
        String csv = args.length > 0 ? args[0] : "synth-1000x20.csv";
        SparkSession spark = SparkSession.builder().master("local[2]").appName("anneal-example")
                .config("spark.ui.enabled", "false").config("spark.driver.host", "127.0.0.1")
                .config("spark.driver.bindAddress", "127.0.0.1").getOrCreate();
        try {
            Dataset<Row> raw = spark.read().option("header", "true").option("inferSchema", "true").csv(csv);
            String[] features = Arrays.stream(raw.columns()).filter(c -> !c.equals("label")).toArray(String[]::new);
            Dataset<Row>[] parts = raw.randomSplit(new double[] {0.8, 0.2}, 7);
            Pipeline pipeline = new Pipeline().setStages(new PipelineStage[] {
                    new VectorAssembler().setInputCols(features).setOutputCol("features"),
                    new StringIndexer().setInputCol("label").setOutputCol("class"),
                    new AnnealClassifier().setLabelCol("class").setLayers(new int[] {64})
                            .setSchedule("warmup(25) then cosine(475)").setLr(0.05).setEpochs(20)
                            .setWorkers(2).setBatchPerWorker(16).setSeed(1)});
            PipelineModel model = pipeline.fit(parts[0]);
            Dataset<Row> scored = model.transform(parts[1]);
            scored.select("label", "class", "prediction", "probability").show(3, false);
            double accuracy = new MulticlassClassificationEvaluator().setLabelCol("class").setMetricName("accuracy")
                    .evaluate(scored);
            System.out.println("validation accuracy " + accuracy);
        } finally {
            spark.stop();
        }
    }
}
