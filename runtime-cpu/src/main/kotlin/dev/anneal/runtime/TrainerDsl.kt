package dev.anneal.runtime

import dev.anneal.Schedule
import dev.anneal.ScheduleScope
import dev.anneal.runtime.backend.Backend
import java.nio.file.Path

/**
 * Kotlin block for a [Trainer]; it only calls the Java builder ([Trainer.Builder]). Settings are
 * write-only: each assignment is one builder call, and what is not set keeps the Java default.
 *
 * ```
 * val trainer = trainer(net) {
 *     optimizer = sgd(lr = 0.1, momentum = 0.9)
 *     schedule { warmup(50) then cosine() }
 *     batch = 32
 *     epochs = 20
 *     listener(TrainingListener.progress(System.out))
 * }
 * ```
 */
class TrainerBuilder internal constructor(private val builder: Trainer.Builder) {
    /** The optimizer (default: SGD with lr 0.01); see [sgd], [adam], [adamW]. */
    var optimizer: Optimizer
        @Deprecated("write-only", level = DeprecationLevel.HIDDEN) get() = throw UnsupportedOperationException()
        set(value) {
            builder.optimizer(value)
        }

    /** Rows per batch (default 32). */
    var batch: Int
        @Deprecated("write-only", level = DeprecationLevel.HIDDEN) get() = throw UnsupportedOperationException()
        set(value) {
            builder.batchSize(value)
        }

    /** Passes over the training data (default 10). */
    var epochs: Int
        @Deprecated("write-only", level = DeprecationLevel.HIDDEN) get() = throw UnsupportedOperationException()
        set(value) {
            builder.epochs(value)
        }

    /** The seed of the initial parameters and of the shuffling (default 0). */
    var seed: Long
        @Deprecated("write-only", level = DeprecationLevel.HIDDEN) get() = throw UnsupportedOperationException()
        set(value) {
            builder.seed(value)
        }

    /** Whether to shuffle the training rows each epoch (default true). */
    var shuffle: Boolean
        @Deprecated("write-only", level = DeprecationLevel.HIDDEN) get() = throw UnsupportedOperationException()
        set(value) {
            builder.shuffle(value)
        }

    /** Whether to standardise features with statistics of the training data (default false). */
    var standardize: Boolean
        @Deprecated("write-only", level = DeprecationLevel.HIDDEN) get() = throw UnsupportedOperationException()
        set(value) {
            builder.standardize(value)
        }

    /** The backend (default: the CPU's, float32). */
    var backend: Backend
        @Deprecated("write-only", level = DeprecationLevel.HIDDEN) get() = throw UnsupportedOperationException()
        set(value) {
            builder.backend(value)
        }

    /** A checkpoint written to this file at the end of every epoch. */
    var checkpoint: Path
        @Deprecated("write-only", level = DeprecationLevel.HIDDEN) get() = throw UnsupportedOperationException()
        set(value) {
            builder.checkpoint(value)
        }

    /** The run folder the run saves into as it goes (and continues from). */
    var runFolder: RunFolder
        @Deprecated("write-only", level = DeprecationLevel.HIDDEN) get() = throw UnsupportedOperationException()
        set(value) {
            builder.runFolder(value)
        }

    /** The metric fed to plateau schedules. */
    var monitor: Metric
        @Deprecated("write-only", level = DeprecationLevel.HIDDEN) get() = throw UnsupportedOperationException()
        set(value) {
            builder.monitor(value)
        }

    /** The learning-rate schedule, written as in `schedule { }`. */
    fun schedule(block: ScheduleScope.() -> Schedule) {
        builder.schedule(ScheduleScope.block())
    }

    /** The schedule of another hyperparameter (momentum, weight decay). */
    fun schedule(what: Hyperparameter, block: ScheduleScope.() -> Schedule) {
        builder.schedule(what, ScheduleScope.block())
    }

    /** Adds a listener told about every epoch. */
    fun listener(listener: TrainingListener) {
        builder.listener(listener)
    }
}

/** A [Trainer] of [net] with what [block] sets (checked as [Trainer.Builder.build] checks it). */
fun trainer(net: Mlp, block: TrainerBuilder.() -> Unit): Trainer {
    val builder = Trainer.builder(net)
    TrainerBuilder(builder).apply(block)
    return builder.build()
}

/** [Optimizer.sgd] with Kotlin's named arguments: `sgd(lr = 0.1, momentum = 0.9)`. */
fun sgd(lr: Double, momentum: Double = 0.0, dampening: Double = 0.0, nesterov: Boolean = false,
        weightDecay: Double = 0.0): Optimizer =
    Optimizer.sgd(lr).momentum(momentum).dampening(dampening).nesterov(nesterov).weightDecay(weightDecay)

/** [Optimizer.adam] with Kotlin's named arguments: `adam(lr = 1e-3, weightDecay = 1e-4)`. */
fun adam(lr: Double, beta1: Double = 0.9, beta2: Double = 0.999, eps: Double = 1e-8, weightDecay: Double = 0.0): Optimizer =
    Optimizer.adam(lr).betas(beta1, beta2).eps(eps).weightDecay(weightDecay)

/** [Optimizer.adamW] with Kotlin's named arguments: `adamW(lr = 3e-3, weightDecay = 0.05)`. */
fun adamW(lr: Double, beta1: Double = 0.9, beta2: Double = 0.999, eps: Double = 1e-8, weightDecay: Double = 0.01): Optimizer =
    Optimizer.adamW(lr).betas(beta1, beta2).eps(eps).weightDecay(weightDecay)
