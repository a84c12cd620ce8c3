package dev.anneal.runtime

import dev.anneal.cosine
import dev.anneal.epochs
import dev.anneal.schedule
import dev.anneal.testing.SharedData
import dev.anneal.then
import dev.anneal.warmup
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import java.nio.file.Files

/** A run folder from Kotlin: stopped, then continued by the same code, as the README shows. */
class RunFolderSpec : FunSpec({
    test("the same code on the same folder continues the run and ends like an uninterrupted one") {
        val data = Dataset.csv(SharedData.file("data/synth-1000x20.csv")).label("label").read().split(800)
        val dir = Files.createTempDirectory("run-folder-spec")
        fun config() = Trainer.builder(mlp(inputs = 20) { dense(16, relu); dense(2) })
            .optimizer(Optimizer.sgd(0.1).momentum(0.9))
            .schedule(schedule { warmup(1.epochs) then cosine() })
            .batchSize(100).epochs(6).seed(4)
        val folder = RunFolder.at(dir.resolve("run")).keep(2)

        config().runFolder(folder).stopAfter(2).build().fit(data).epochs().size shouldBe 2
        val resumedAt = mutableListOf<Int>()
        val history = config().runFolder(folder)
            .listener(object : TrainingListener {
                override fun onEpochEnd(epoch: EpochRecord, trainer: Trainer) {}
                override fun onResume(point: ResumePoint, trainer: Trainer) { resumedAt += point.epoch() }
            })
            .build().fit(data)
        val straight = config().build().fit(data)

        resumedAt shouldBe listOf(2)
        history.epochs().map { it.valLoss() } shouldBe straight.epochs().map { it.valLoss() }
        dir.resolve("run/checkpoints").toFile().list()!!.sorted() shouldBe
            listOf("epoch-0005.ckpt", "epoch-0006.ckpt", "last.ckpt")
        dir.toFile().deleteRecursively()
    }
})
