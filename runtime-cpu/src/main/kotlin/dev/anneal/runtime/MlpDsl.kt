package dev.anneal.runtime

/**
 * Kotlin builder for [Mlp]; it only calls the Java API.
 *
 * ```
 * val net = mlp(inputs = 20) { dense(64, relu); dense(2) }
 * val reg = mlp(inputs = 8) { dense(32, tanh); dense(1); loss = Loss.MSE }
 * ```
 */
class MlpBuilder internal constructor(private var shape: Mlp) {
    val relu: Activation get() = Activation.RELU
    val tanh: Activation get() = Activation.TANH
    val sigmoid: Activation get() = Activation.SIGMOID
    val gelu: Activation get() = Activation.GELU
    val identity: Activation get() = Activation.IDENTITY

    /** The loss (softmax cross-entropy unless set). */
    var loss: Loss
        get() = shape.loss()
        set(value) {
            shape = shape.loss(value)
        }

    /** Adds a dense layer. */
    fun dense(units: Int, activation: Activation = Activation.IDENTITY, init: Init = Init.XAVIER) {
        shape = shape.dense(units, activation, init)
    }

    internal fun build(): Mlp = shape
}

/** An [Mlp] taking [inputs] features, with the layers [block] adds. */
fun mlp(inputs: Int, block: MlpBuilder.() -> Unit): Mlp = MlpBuilder(Mlp.input(inputs)).apply(block).build()
