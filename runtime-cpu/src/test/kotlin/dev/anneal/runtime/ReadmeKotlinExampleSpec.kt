package dev.anneal.runtime

import dev.anneal.cosine
import dev.anneal.testing.SharedData
import dev.anneal.then
import dev.anneal.warmup
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.doubles.shouldBeGreaterThanOrEqual

/** The README's Kotlin training script, run as written (the data path aside). */
class ReadmeKotlinExampleSpec : FunSpec({
    test("the README script trains to the reference accuracy") {
        val csv = SharedData.file("data/synth-1000x20.csv")
        // --- README: Kotlin ---
        val data = Dataset.csv(csv).label("label").read().split(800)
        val net = mlp(inputs = 20) { dense(64, relu); dense(2) }
        val trainer = trainer(net) {
            optimizer = sgd(lr = 0.1, momentum = 0.9)
            schedule { warmup(50, startFactor = 0.1) then cosine(tMax = 450) }
            batch = 32
            epochs = 20
            seed = 2
            listener(TrainingListener.progress(System.out))
        }
        val history = trainer.fit(data)
        println("validation accuracy ${history.last().valAccuracy()}")
        // --- end ---
        history.last().valAccuracy() shouldBeGreaterThanOrEqual 0.88
    }
})
