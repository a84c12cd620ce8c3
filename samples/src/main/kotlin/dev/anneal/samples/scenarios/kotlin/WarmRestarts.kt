@file:JvmName("WarmRestartsKt")

package dev.anneal.samples.scenarios.kotlin

import dev.anneal.Clock
import dev.anneal.cosineRestarts
import dev.anneal.runtime.Optimizer
import dev.anneal.runtime.mlp
import dev.anneal.samples.plot.Charts
import dev.anneal.samples.plot.Series
import dev.anneal.samples.scenarios.Scenarios
import dev.anneal.samples.scenarios.Size
import dev.anneal.samples.scenarios.WarmRestarts
import dev.anneal.samples.train.EpochTable
import dev.anneal.samples.train.Experiment
import dev.anneal.samples.train.RunFiles
import dev.anneal.samples.train.TrainingSession
import dev.anneal.schedule
import java.io.PrintStream
import java.nio.file.Path
import java.util.Locale

/**
 * Scenario 4 in Kotlin: `cosineRestarts(t0 = 50, tMult = 2, etaMin = 1e-5)` per epoch (PyTorch's
 * `CosineAnnealingWarmRestarts(T_0=50, T_mult=2, eta_min=1e-5)`) drawn over 350 epochs, then
 * `t0 = 5` in a 35-epoch training run.
 *
 * ```
 * java -jar samples/target/anneal.jar scenario warm-restarts --kotlin
 * ```
 */
fun main(args: Array<String>) = Scenarios.main(::warmRestarts, Scenarios.folder("warm-restarts-kotlin", args))

/** Draws `restarts.png`, trains, prints the table and writes the run's files into [dir]. */
fun warmRestarts(size: Size, dir: Path, out: PrintStream): WarmRestarts.Result {
    val epochs = WarmRestarts.PLOT_EPOCHS
    val restarts = schedule { cosineRestarts(t0 = 50, tMult = 2, etaMin = 1e-5) }
    val graph = restarts.compile(Clock.totalSteps(epochs.toLong()))
    val lr = DoubleArray(epochs + 1) { graph.lr(it.toLong(), 0.1) }
    out.println("$restarts over $epochs epochs, base lr 0.1:")
    for (e in listOf(0, 25, 49, 50, 100, 149, 150, 250, 349, 350)) {
        out.println("  epoch %3d: %s".format(Locale.ROOT, e, EpochTable.lr(lr[e])))
    }
    out.println()
    val x = DoubleArray(epochs + 1) { it.toDouble() }
    Charts.save(Charts.lines("Cosine annealing with warm restarts", "epoch", "learning rate",
        listOf(Series(restarts.toString(), x, lr)), false), dir.resolve("restarts.png"))

    val data = Scenarios.data(size, 20)
    val experiment = Experiment(
        mlp(inputs = 20) { dense(64, relu); dense(2) },
        Optimizer.sgd(0.1).momentum(0.9),
        schedule { cosineRestarts(t0 = 5, tMult = 2, etaMin = 1e-5) }.perEpoch(),
        32, 35, 1,
    )
    Scenarios.header(out, "Warm restarts in training: t0 = 5, tMult = 2, stepped per epoch", experiment, data)
    val run = TrainingSession.of(experiment, data).table(out).run()
    RunFiles.write(run, dir, false)
    return WarmRestarts.Result(lr, run)
}
