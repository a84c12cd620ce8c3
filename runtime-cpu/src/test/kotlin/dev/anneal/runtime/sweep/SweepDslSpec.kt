package dev.anneal.runtime.sweep

import dev.anneal.epochs
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe

/** The Kotlin block builds the same space as the Java builder. */
class SweepDslSpec : FunSpec({
    test("sweep { } lists the same trials as the Java builder") {
        val space = sweep {
            schedule("warmup({w}) then cosine(etaMin={eta})")
            hole("w", 0, 2.epochs)
            hole("eta", 0.0, 1e-4)
            lrs(0.03, 0.1)
            seeds(1, 2)
            epochs = 12
        }
        val java = SearchSpace.builder().schedule("warmup({w}) then cosine(etaMin={eta})")
            .hole("w", "0", "2.epochs").hole("eta", "0.0", "1.0e-4").lrs(0.03, 0.1).seeds(1, 2).epochs(12).build()
        space.trials() shouldBe java.trials()
        space.trials().size shouldBe 16
        space.trials()[4].config().schedule() shouldBe "warmup(0) then cosine(etaMin=1.0e-4)"
        halving(eta = 3, minEpochs = 2).rungs(12) shouldBe listOf(2, 6, 12)
    }
})
