@file:JvmName("WarmupCosineKt")

package dev.anneal.samples.scenarios.kotlin

import dev.anneal.Clock
import dev.anneal.Schedule
import dev.anneal.cosine
import dev.anneal.function
import dev.anneal.runtime.Optimizer
import dev.anneal.runtime.mlp
import dev.anneal.samples.plot.Charts
import dev.anneal.samples.plot.Series
import dev.anneal.samples.scenarios.Scenarios
import dev.anneal.samples.scenarios.Size
import dev.anneal.samples.scenarios.WarmupCosine
import dev.anneal.samples.train.EpochTable
import dev.anneal.samples.train.Experiment
import dev.anneal.samples.train.RunFiles
import dev.anneal.samples.train.TrainingSession
import dev.anneal.schedule
import dev.anneal.then
import dev.anneal.torch.CosineAnnealingLR
import dev.anneal.torch.LinearLR
import dev.anneal.torch.SequentialLR
import dev.anneal.warmup
import java.io.PrintStream
import java.nio.file.Path
import java.util.Locale
import kotlin.math.PI
import kotlin.math.abs
import kotlin.math.cos

/**
 * Scenario 3 in Kotlin: warmup then cosine over 100 steps, base 0.1, three ways that give the same
 * learning rates: the DSL, PyTorch's `SequentialLR(LinearLR, CosineAnnealingLR)` and a plain Kotlin
 * lambda, as PyTorch's `LambdaLR` takes a Python one. The warmup starts at 0.1 x base because
 * PyTorch's LinearLR cannot start from 0.
 *
 * ```
 * java -jar samples/target/anneal.jar scenario warmup-cosine --kotlin
 * ```
 */
fun main(args: Array<String>) = Scenarios.main(::warmupCosine, Scenarios.folder("warmup-cosine-kotlin", args))

/** The DSL form. */
val dsl: Schedule = schedule { warmup(10, startFactor = 0.1) then cosine(tMax = 90, etaMin = 1e-6) }

/** PyTorch's form. */
val sequential: Schedule = SequentialLR(listOf(LinearLR(0.1, 1.0, 10), CosineAnnealingLR(90, 1e-6)), listOf(10L))

/** A Kotlin function of the step giving the factor of the base, as a LambdaLR's lr_lambda. */
val lambda: Schedule = function("warmupCosine") { t ->
    if (t < 10) 0.1 + 0.9 * t / 10 else 1e-5 + (1 - 1e-5) * (1 + cos(PI * (t - 10) / 90)) / 2
}

/** Compares the three, trains with each, writes `compare.png` and the DSL run's files. */
fun warmupCosine(size: Size, dir: Path, out: PrintStream): WarmupCosine.Result {
    val schedules = listOf(dsl, sequential, lambda)
    val steps = WarmupCosine.STEPS
    val values = schedules.map { s ->
        val graph = s.compile(Clock.totalSteps(steps.toLong()))
        DoubleArray(steps + 1) { graph.lr(it.toLong(), 0.1) }
    }
    out.println("Warmup then cosine, three ways (base lr 0.1):")
    schedules.forEachIndexed { i, s -> out.println("  ${'A' + i}: $s") }
    out.println()
    out.println(" step | A              | B              | C")
    for (s in listOf(0, 5, 10, 11, 25, 55, 75, 99, 100)) {
        val (a, b, c) = values.map { EpochTable.significant(it[s], 10) }
        out.println(" %4d | %-14s | %-14s | %s".format(Locale.ROOT, s, a, b, c))
    }
    val largest = values.drop(1).map { v -> v.indices.maxOf { abs(v[it] - values[0][it]) } }
    out.println("largest difference from A over steps 0-$steps: B %.3g, C %.3g".format(Locale.ROOT, largest[0], largest[1]))
    out.println()
    val x = DoubleArray(steps + 1) { it.toDouble() }
    val lines = schedules.zip(values) { s, v -> Series(s.toString(), x, v) }
    Charts.save(Charts.lines("Warmup then cosine, three ways", "step", "learning rate", lines, false),
        dir.resolve("compare.png"))

    val data = Scenarios.data(size, 20)
    val runs = schedules.map { s ->
        val experiment = Experiment(mlp(inputs = 20) { dense(64, relu); dense(2) },
            Optimizer.sgd(0.1).momentum(0.9), s, 32, 4, 1)
        TrainingSession.of(experiment, data).run()
    }
    out.println("Training with each, 4 epochs (${runs[0].stepsPerEpoch()} steps per epoch):")
    out.println("    | val loss after each epoch")
    runs.forEachIndexed { i, run ->
        out.println("  ${'A' + i} |" + run.rows().joinToString("") { " %.6f".format(Locale.ROOT, it.valLoss()) })
    }
    out.println("  learning rate after the last step: ${EpochTable.lr(runs[0].last().lr())}")
    RunFiles.write(runs[0], dir, false)
    return WarmupCosine.Result(values, runs)
}
