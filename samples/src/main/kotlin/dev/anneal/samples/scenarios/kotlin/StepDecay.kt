@file:JvmName("StepDecayKt")

package dev.anneal.samples.scenarios.kotlin

import dev.anneal.runtime.Optimizer
import dev.anneal.runtime.mlp
import dev.anneal.samples.scenarios.Scenarios
import dev.anneal.samples.scenarios.Size
import dev.anneal.samples.train.Experiment
import dev.anneal.samples.train.RunFiles
import dev.anneal.samples.train.RunResult
import dev.anneal.samples.train.TrainingSession
import dev.anneal.schedule
import dev.anneal.step
import java.io.PrintStream
import java.nio.file.Path

/**
 * Scenario 2 in Kotlin: 10 features, network 10-10-2, `step(stepSize = 5, gamma = 0.5).perEpoch()`
 * (PyTorch's `StepLR(step_size=5, gamma=0.5)`) over 10 epochs: 0.1, then 0.05, then 0.025.
 *
 * ```
 * java -jar samples/target/anneal.jar scenario step-decay --kotlin
 * ```
 */
fun main(args: Array<String>) = Scenarios.main(::stepDecay, Scenarios.folder("step-decay-kotlin", args))

/** Trains, prints the table and writes the run's files into [dir]. */
fun stepDecay(size: Size, dir: Path, out: PrintStream): RunResult {
    val data = Scenarios.data(size, 10)
    val experiment = Experiment(
        mlp(inputs = 10) { dense(10, relu); dense(2) },
        Optimizer.sgd(0.1),
        schedule { step(stepSize = 5, gamma = 0.5) }.perEpoch(),
        32, 10, 1,
    )
    Scenarios.header(out, "Step decay: step(stepSize = 5, gamma = 0.5), stepped per epoch", experiment, data)
    val result = TrainingSession.of(experiment, data).table(out).run()
    RunFiles.write(result, dir, false)
    return result
}
