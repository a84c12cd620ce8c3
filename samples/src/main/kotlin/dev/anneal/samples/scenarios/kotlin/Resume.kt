@file:JvmName("ResumeKt")

package dev.anneal.samples.scenarios.kotlin

import dev.anneal.samples.scenarios.ResumeRun
import dev.anneal.samples.scenarios.Scenarios
import dev.anneal.samples.scenarios.Size
import dev.anneal.samples.train.Experiment
import dev.anneal.samples.train.RunFiles
import dev.anneal.samples.train.RunResult
import dev.anneal.samples.train.TrainingData
import dev.anneal.samples.train.TrainingSession
import java.io.PrintStream
import java.nio.file.Files
import java.nio.file.Path

/**
 * Scenario 6 in Kotlin: `anneal train`'s defaults for 10 epochs in one go, against 5 epochs in another
 * process (`anneal train --epochs 10 --stop-after 5`) resumed here from its `final.ckpt`: the same
 * history, epoch for epoch.
 *
 * ```
 * java -jar samples/target/anneal.jar scenario resume --kotlin
 * ```
 */
fun main(args: Array<String>) = Scenarios.main(::resume, Scenarios.folder("resume-kotlin", args))

/** Runs the three parts, prints both tables and whether they agree, and writes their files into [dir]. */
fun resume(@Suppress("UNUSED_PARAMETER") size: Size, dir: Path, out: PrintStream): ResumeRun.Result {
    val data = TrainingData.synthetic()
    val experiment = Experiment.defaults().epochs(10)

    out.println("1. 10 epochs in one go (${experiment.schedule()})")
    val straight = TrainingSession.of(experiment, data.split()).table(out).run()
    save(straight, dir.resolve("straight"))

    val firstHalf = dir.resolve("first-5")
    out.println()
    out.println("2. another process: anneal train --epochs 10 --stop-after 5 --out ${firstHalf.fileName}")
    Scenarios.anneal(out, "train", "--epochs", "10", "--stop-after", "5", "--out", firstHalf.toString())

    out.println()
    out.println("3. here again: resume from ${firstHalf.fileName}/final.ckpt")
    val resumed = TrainingSession.of(experiment, data.split()).resume(firstHalf.resolve("final.ckpt")).table(out).run()
    save(resumed, dir.resolve("resumed"))

    val identical = Scenarios.identical(straight, resumed)
    out.println()
    out.println(if (identical) "identical: train loss, val loss, val acc and LR agree exactly in all 10 epochs"
    else "DIFFERENT: the resumed run does not repeat the uninterrupted one")
    return ResumeRun.Result(straight, resumed, identical)
}

private fun save(run: RunResult, folder: Path) {
    Files.createDirectories(folder)
    RunFiles.write(run, folder, false)
}
