package example

import dev.anneal.spark.ml.AnnealClassifier
import org.apache.spark.ml.Pipeline
import org.apache.spark.ml.PipelineStage
import org.apache.spark.ml.evaluation.MulticlassClassificationEvaluator
import org.apache.spark.ml.feature.StringIndexer
import org.apache.spark.ml.feature.VectorAssembler
import org.apache.spark.sql.SparkSession

/** The README's Spark ML pipeline in Kotlin: `java example.SparkPipelineKt synth-1000x20.csv`. */
fun main(args: Array<String>) {
    val csv = args.firstOrNull() ?: "synth-1000x20.csv"
    val spark = SparkSession.builder().master("local[2]").appName("anneal-example")
        .config("spark.ui.enabled", "false").config("spark.driver.host", "127.0.0.1")
        .config("spark.driver.bindAddress", "127.0.0.1").orCreate
    try {
        val raw = spark.read().option("header", "true").option("inferSchema", "true").csv(csv)
        val features = raw.columns().filter { it != "label" }.toTypedArray()
        val (train, test) = raw.randomSplit(doubleArrayOf(0.8, 0.2), 7)
        val pipeline = Pipeline().setStages(arrayOf<PipelineStage>(
            VectorAssembler().setInputCols(features).setOutputCol("features"),
            StringIndexer().setInputCol("label").setOutputCol("class"),
            AnnealClassifier().setLabelCol("class").setLayers(intArrayOf(64))
                .setSchedule("warmup(25) then cosine(475)").setLr(0.05).setEpochs(20)
                .setWorkers(2).setBatchPerWorker(16).setSeed(1)))
        val model = pipeline.fit(train)
        val scored = model.transform(test)
        scored.select("label", "class", "prediction", "probability").show(3, false)
        val accuracy = MulticlassClassificationEvaluator().setLabelCol("class").setMetricName("accuracy")
            .evaluate(scored)
        println("validation accuracy $accuracy")
    } finally {
        spark.stop()
    }
}
