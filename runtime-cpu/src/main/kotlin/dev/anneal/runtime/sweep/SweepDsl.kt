package dev.anneal.runtime.sweep

import dev.anneal.runtime.Metric

/**
 * Kotlin block for a [SearchSpace]; it only calls the Java builder.
 *
 * ```
 * val space = sweep {
 *     schedule("warmup({w}) then cosine(etaMin={eta})")
 *     hole("w", 0, 2.epochs, 5.epochs)
 *     hole("eta", 0.0, 1e-4)
 *     lrs(0.03, 0.1)
 *     seeds(1, 2)
 *     epochs = 20
 * }
 * ```
 */
class SweepBuilder internal constructor(private val space: SearchSpace.Builder) {
    /** Adds schedule texts, each may have holes `{name}`. */
    fun schedule(vararg texts: String) {
        space.schedule(*texts)
    }

    /** The values of hole `{name}`: numbers, lengths (`2.epochs`) or texts. */
    fun hole(name: String, vararg values: Any) {
        space.hole(name, values.map(::text))
    }

    /** The base learning rates. */
    fun lrs(vararg values: Double) {
        space.lrs(*values)
    }

    /** Base learning rates drawn log-uniformly from [min]..[max] (random search). */
    fun lrLogUniform(min: Double, max: Double) {
        space.lrLogUniform(min, max)
    }

    /** The optimizers: `sgd`, `adam`, `adamw`. */
    fun optimizers(vararg names: String) {
        space.optimizers(*names)
    }

    /** The weight decays. */
    fun weightDecays(vararg values: Double) {
        space.weightDecays(*values)
    }

    /** The batch sizes. */
    fun batchSizes(vararg values: Int) {
        space.batchSizes(*values)
    }

    /** The seeds. */
    fun seeds(vararg values: Int) {
        space.seeds(*values.map { it.toLong() }.toLongArray())
    }

    /** The epochs of a full trial (write-only). */
    var epochs: Int
        @Deprecated("write-only", level = DeprecationLevel.HIDDEN) get() = throw UnsupportedOperationException()
        set(value) {
            space.epochs(value)
        }

    /** [trials] trials drawn at random with [seed] instead of the grid. */
    fun random(trials: Int, seed: Long = 0) {
        space.random(trials, seed)
    }

    private fun text(value: Any): String = when (value) {
        is Double -> value.toString().lowercase()
        is Float -> value.toString().lowercase()
        else -> value.toString()
    }
}

/** A [SearchSpace] with what [block] adds (checked as [SearchSpace.Builder.build] checks it). */
fun sweep(block: SweepBuilder.() -> Unit): SearchSpace {
    val builder = SearchSpace.builder()
    SweepBuilder(builder).apply(block)
    return builder.build()
}

/** Successive halving with Kotlin's named arguments: `halving(eta = 3, minEpochs = 2)`. */
fun halving(eta: Int = 3, minEpochs: Int = 1, metric: Metric = Metric.VAL_LOSS): Halving =
    Halving(eta, minEpochs, metric)
