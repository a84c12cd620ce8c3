package dev.anneal.runtime

import dev.anneal.Schedule
import dev.anneal.Span
import dev.anneal.cosine
import dev.anneal.epochs
import dev.anneal.testing.SharedData
import dev.anneal.then
import dev.anneal.warmup
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe

/** The `trainer(net) { }` block only calls the Java builder: the same settings give the same run. */
class TrainerDslSpec : FunSpec({
    val data = Dataset.csv(SharedData.file("data/synth-1000x20.csv")).label("label").read().split(800)
    val net = mlp(inputs = 20) { dense(32, relu); dense(2) }

    /** Everything but the wall time of each epoch. */
    fun History.numbers() = epochs().map { listOf(it.epoch(), it.steps(), it.trainLoss(), it.valLoss(), it.valAccuracy(), it.lr()) }

    test("the block and the Java chain with the same settings give identical histories") {
        val kotlin = trainer(net) {
            optimizer = sgd(lr = 0.1, momentum = 0.9, weightDecay = 1e-4)
            schedule { warmup(2.epochs) then cosine() }
            batch = 50
            epochs = 4
            seed = 3
            standardize = true
        }.fit(data)
        val java = Trainer.builder(net)
            .optimizer(Optimizer.sgd(0.1).momentum(0.9).weightDecay(1e-4))
            .schedule(Schedule.warmup(Span.epochs(2)).then(Schedule.cosine()))
            .batchSize(50).epochs(4).seed(3).standardize(true)
            .build().fit(data)
        kotlin.epochs().size shouldBe 4
        kotlin.numbers() shouldBe java.numbers()
    }

    test("adam, adamW and the other settings reach the same builder calls") {
        adam(lr = 1e-3, beta1 = 0.8, weightDecay = 0.01) shouldBe Optimizer.adam(1e-3).betas(0.8, 0.999).weightDecay(0.01)
        adamW(lr = 3e-3) shouldBe Optimizer.adamW(3e-3)
        sgd(lr = 0.1, momentum = 0.9, nesterov = true) shouldBe Optimizer.sgd(0.1).momentum(0.9).nesterov(true)
        val kotlin = trainer(net) {
            optimizer = adamW(lr = 3e-3)
            schedule { warmup(10) then cosine() }
            schedule(Hyperparameter.WEIGHT_DECAY) { cosine() }
            batch = 100
            epochs = 2
            shuffle = false
            monitor = Metric.VAL_ACCURACY
        }.fit(data)
        val java = Trainer.builder(net).optimizer(Optimizer.adamW(3e-3))
            .schedule(Schedule.warmup(10).then(Schedule.cosine()))
            .schedule(Hyperparameter.WEIGHT_DECAY, Schedule.cosine())
            .batchSize(100).epochs(2).shuffle(false).monitor(Metric.VAL_ACCURACY)
            .build().fit(data)
        kotlin.numbers() shouldBe java.numbers()
    }

    test("the Java builder's checks apply") {
        shouldThrow<IllegalArgumentException> { trainer(net) { batch = 0 } }
    }
})
