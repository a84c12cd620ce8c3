package dev.anneal.runtime.rangetest

import dev.anneal.runtime.*
import dev.anneal.runtime.nd4j.CpuBackend
import dev.anneal.testing.SharedData
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.collections.shouldHaveSize
import io.kotest.matchers.doubles.shouldBeGreaterThan
import io.kotest.matchers.doubles.shouldBeLessThan
import io.kotest.matchers.shouldBe

/** The range test from Kotlin: the Java builder reads as it does for the trainer. */
class LrRangeTestSpec : FunSpec({
    test("a range test from Kotlin suggests a learning rate and leaves the network as it was") {
        val train = Dataset.csv(SharedData.file("data/synth-1000x20.csv")).label("label").read().split(800).train()
        val net = mlp(inputs = 20) { dense(64, relu); dense(2) }.build(CpuBackend.create(), 1)
        val before = net.parameters().map { it.values().toList() }

        val result = LrRangeTest.builder(net)
            .optimizer(Optimizer.sgd(0.1).momentum(0.9))
            .minLr(1e-5).steps(100).ramp(LrRamp.EXPONENTIAL)
            .build()
            .run(train)

        val valley = result.valley().orElseThrow()
        valley.lr() shouldBeGreaterThan 1e-3
        valley.lr() shouldBeLessThan 1.0
        result.suggestions() shouldHaveSize 3
        result.suggestions().map { it.kind().key() } shouldBe listOf("valley", "steepest", "minimum_over_10")
        net.parameters().map { it.values().toList() } shouldBe before
    }
})
