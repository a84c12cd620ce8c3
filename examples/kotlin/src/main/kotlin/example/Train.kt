package example

import dev.anneal.*
import dev.anneal.runtime.*
import java.nio.file.Path

/** The README's Kotlin training script in a project of its own: `java example.TrainKt synth-1000x20.csv`. */
fun main(args: Array<String>) {
    val csv = Path.of(args.firstOrNull() ?: "synth-1000x20.csv")
    val data = Dataset.csv(csv).label("label").read().split(800)
    val net = mlp(inputs = 20) { dense(64, relu); dense(2) }
    val trainer = Trainer.builder(net)
        .optimizer(Optimizer.sgd(0.1).momentum(0.9))
        .schedule(schedule { warmup(50, startFactor = 0.1) then cosine(tMax = 450) })
        .batchSize(32).epochs(20).seed(2)
        .listener(TrainingListener.progress(System.out))
        .build()
    val history = trainer.fit(data)
    println("validation accuracy ${history.last().valAccuracy()}")
}
