@file:JvmName("CosineTraceKt")

package dev.anneal.samples.scenarios.kotlin

import dev.anneal.cosine
import dev.anneal.runtime.Optimizer
import dev.anneal.runtime.mlp
import dev.anneal.samples.scenarios.Scenarios
import dev.anneal.samples.scenarios.Size
import dev.anneal.samples.train.Experiment
import dev.anneal.samples.train.RunFiles
import dev.anneal.samples.train.RunResult
import dev.anneal.samples.train.TrainingSession
import dev.anneal.schedule
import java.io.PrintStream
import java.nio.file.Path

/**
 * Scenario 1 in Kotlin, with Anneal's own schedule: `cosine(tMax = 10, periodic = true).perEpoch()`
 * is PyTorch's `CosineAnnealingLR(T_max=10)` stepped per epoch. 20 epochs: the learning rate is 0
 * after epoch 10 and back at 0.1 after epoch 20.
 *
 * ```
 * java -jar samples/target/anneal.jar scenario cosine-trace --kotlin
 * ```
 */
fun main(args: Array<String>) = Scenarios.main(::cosineTrace, Scenarios.folder("cosine-trace-kotlin", args))

/** Trains, prints the table and writes the run's files into [dir]. */
fun cosineTrace(size: Size, dir: Path, out: PrintStream): RunResult {
    val data = Scenarios.data(size, 20)
    val experiment = Experiment(
        mlp(inputs = 20) { dense(64, relu); dense(2) },
        Optimizer.sgd(0.1),
        schedule { cosine(tMax = 10, periodic = true) }.perEpoch(),
        32, 20, 1,
    )
    Scenarios.header(out, "Cosine annealing: cosine(tMax = 10, periodic = true), stepped per epoch", experiment, data)
    val result = TrainingSession.of(experiment, data).table(out).run()
    RunFiles.write(result, dir, false)
    return result
}
