package example

import dev.anneal.*
import dev.anneal.runtime.*
import dev.anneal.runtime.model.Model
import java.nio.file.Files
import java.nio.file.Path

/** The README's Kotlin training script in a project of its own: `java example.TrainKt synth-1000x20.csv`. */
fun main(args: Array<String>) {
    val csv = Path.of(args.firstOrNull() ?: "synth-1000x20.csv")
    val data = Dataset.csv(csv).label("label").read().split(800)
    val net = mlp(inputs = 20) { dense(64, relu); dense(2) }
    val saved = Files.createTempDirectory("anneal-example").resolve("final.ckpt")
    val trainer = trainer(net) {
        optimizer = sgd(lr = 0.1, momentum = 0.9)
        schedule { warmup(50, startFactor = 0.1) then cosine(tMax = 450) }
        batch = 32
        epochs = 20
        seed = 2
        checkpoint = saved
        listener(TrainingListener.progress(System.out))
    }
    val history = trainer.fit(data)
    println("validation accuracy ${history.last().valAccuracy()}")

    val model = Model.load(saved)
    val rows = Array(3) { data.validation().features(it) }
    println("predicted ${model.predictClass(rows)} for the first validation rows of ${model.features().size} features")
}
