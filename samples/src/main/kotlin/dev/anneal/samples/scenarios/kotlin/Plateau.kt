@file:JvmName("PlateauKt")

package dev.anneal.samples.scenarios.kotlin

import dev.anneal.epochs
import dev.anneal.plateau
import dev.anneal.runtime.Optimizer
import dev.anneal.runtime.mlp
import dev.anneal.samples.scenarios.Scenarios
import dev.anneal.samples.scenarios.Size
import dev.anneal.samples.train.Experiment
import dev.anneal.samples.train.RunFiles
import dev.anneal.samples.train.RunResult
import dev.anneal.samples.train.TrainingSession
import dev.anneal.schedule
import dev.anneal.then
import dev.anneal.warmup
import java.io.PrintStream
import java.nio.file.Path

/**
 * Scenario 5 in Kotlin: `warmup(3.epochs) then plateau(patience = 2, factor = 0.5)` over 30 epochs,
 * driven by the validation loss.
 *
 * ```
 * java -jar samples/target/anneal.jar scenario plateau --kotlin
 * ```
 */
fun main(args: Array<String>) = Scenarios.main(::plateauRun, Scenarios.folder("plateau-kotlin", args))

/** Trains, prints the table and writes the run's files into [dir]. */
fun plateauRun(size: Size, dir: Path, out: PrintStream): RunResult {
    val data = Scenarios.data(size, 20)
    val experiment = Experiment(
        mlp(inputs = 20) { dense(64, relu); dense(2) },
        Optimizer.sgd(0.1).momentum(0.9),
        schedule { warmup(3.epochs) then plateau(patience = 2, factor = 0.5) },
        32, 30, 1,
    )
    Scenarios.header(out, "Reduce on plateau, driven by the validation loss", experiment, data)
    val result = TrainingSession.of(experiment, data).table(out).run()
    RunFiles.write(result, dir, true)
    return result
}
