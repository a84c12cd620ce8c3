package dev.anneal.runtime

import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe

class MlpDslSpec : FunSpec({
    test("the Kotlin builder makes the same Mlp as the Java one") {
        mlp(inputs = 20) { dense(64, relu); dense(2) } shouldBe Mlp.input(20).dense(64, Activation.RELU).dense(2)
    }

    test("loss and init can be set") {
        val reg = mlp(inputs = 8) { dense(32, tanh, Init.HE); dense(1); loss = Loss.MSE }
        reg shouldBe Mlp.input(8).dense(32, Activation.TANH, Init.HE).dense(1).loss(Loss.MSE)
        reg.toString() shouldBe "mlp(inputs=8) dense(32, tanh, init=he) dense(1, identity) loss=mse"
    }
})
