package dev.anneal

import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.doubles.plusOrMinus
import io.kotest.matchers.shouldBe
import java.util.function.LongToDoubleFunction
import kotlin.math.PI
import kotlin.math.cos

class KotlinDslSpec : FunSpec({

    test("the README line gives the base at the end of warmup, the midpoint at 55 and etaMin from 100 on") {
        val lr = schedule { warmup(10) then cosine(tMax = 90, etaMin = 1e-6) }
        val graph = lr.compile()
        graph.lr(10, 0.1) shouldBe 0.1
        graph.lr(55, 0.1) shouldBe ((0.1 + 1e-6) / 2 plusOrMinus 1e-15)
        graph.lr(100, 0.1) shouldBe 1e-6
        graph.lr(150, 0.1) shouldBe 1e-6
    }

    test("the README line is the Java schedule and prints as the user typed it") {
        val lr = schedule { warmup(10) then cosine(tMax = 90, etaMin = 1e-6) }
        lr shouldBe Schedule.warmup(10).then(Schedule.cosine(90, 1e-6))
        lr.toString() shouldBe "warmup(10) then cosine(tMax=90, etaMin=1e-6)"
    }

    test("the README's Kotlin example builds the schedules its comments say") {
        val lr = schedule { warmup(10) then cosine(tMax = 90, etaMin = 1e-6) }
        val byEpoch = schedule { warmup(2.epochs, startFactor = 0.1) then cosine(etaMin = 1e-5) }
        val graph = byEpoch.compile(Clock.of(25, 500)) // 25 steps per epoch, 500 steps in all
        val sgdr = cosineRestarts(t0 = 50, tMult = 2, etaMin = 1e-5).withWarmup(500)
        val wsd = warmupStableDecay(warmup = 100, stable = 800, decay = 100, shape = WarmupStableDecay.Shape.COSINE)
        val adaptive = warmup(5) then plateau(patience = 2, factor = 0.5)
        val scaled = 0.5 * step(stepSize = 5.epochs, gamma = 0.5)

        lr.toString() shouldBe "warmup(10) then cosine(tMax=90, etaMin=1e-6)"
        graph.lr(0, 0.1) shouldBe (0.01 plusOrMinus 1e-17)
        graph.lr(50, 0.1) shouldBe 0.1
        graph.lr(500, 0.1) shouldBe 1e-5
        sgdr.toString() shouldBe "warmup(500) * cosineRestarts(t0=50, tMult=2, etaMin=1e-5)"
        wsd.toString() shouldBe "warmupStableDecay(warmup=100, stable=800, decay=100, shape=cosine)"
        adaptive.compile().isStateful shouldBe true
        scaled.toString() shouldBe "0.5 * step(stepSize=5.epochs, gamma=0.5)"
    }

    test("the shape functions work outside schedule { } too") {
        val inside = schedule { warmup(10) then cosine(tMax = 90, etaMin = 1e-6) }
        (warmup(10) then cosine(tMax = 90, etaMin = 1e-6)) shouldBe inside
    }

    test("then chains flatten as in Java") {
        val lr = warmup(5) then constant(0.5).lasting(10) then cosine(tMax = 20)
        lr shouldBe Schedule.warmup(5).then(Schedule.constant(0.5).lasting(10)).then(Schedule.cosine(20))
        lr.toString() shouldBe "warmup(5) then constant(factor=0.5).lasting(10) then cosine(tMax=20)"
    }

    test("epoch lengths resolve with the clock's steps per epoch") {
        val lr = schedule { warmup(2.epochs) then cosine() }
        lr shouldBe Schedule.warmup(Span.epochs(2)).then(Schedule.cosine())
        lr.toString() shouldBe "warmup(2.epochs) then cosine()"
        val graph = lr.compile(Clock.of(25, 500))
        graph.lr(25, 0.1) shouldBe (0.05 plusOrMinus 1e-17)
        graph.lr(50, 0.1) shouldBe 0.1
        graph.lr(50 + 225, 0.1) shouldBe (0.05 plusOrMinus 1e-15)
        graph.lr(500, 0.1) shouldBe 0.0
    }

    test("steps and epochs extension properties build spans on Int and Long") {
        500.steps shouldBe Span.steps(500)
        500L.steps shouldBe Span.steps(500)
        10.epochs shouldBe Span.epochs(10)
        10L.epochs shouldBe Span.epochs(10)
        2.epochs.toString() shouldBe "2.epochs"
    }

    test("times multiplies: the right schedule's value is the left one's base") {
        val lr = warmup(10) * cosine(tMax = 100)
        lr shouldBe Schedule.warmup(10).times(Schedule.cosine(100))
        lr.toString() shouldBe "warmup(10) * cosine(tMax=100)"
        lr.compile().lr(5, 0.1) shouldBe (0.5 * 0.1 * (1 + cos(PI * 5 / 100)) / 2 plusOrMinus 1e-16)
    }

    test("a number times a schedule scales it") {
        val lr = 0.5 * cosine(tMax = 10)
        lr shouldBe Schedule.cosine(10).scale(0.5)
        lr.toString() shouldBe "0.5 * cosine(tMax=10)"
        lr.compile().lr(0, 0.1) shouldBe 0.05
    }

    test("clamp takes either bound by name") {
        val lr = (warmup(5) then constant(2.0)).clamp(max = 0.1)
        lr shouldBe Schedule.warmup(5).then(Schedule.constant(2.0)).clamp(0.0, 0.1)
        lr.toString() shouldBe "(warmup(5) then constant(factor=2.0)).clamp(max=0.1)"
        lr.compile().lr(50, 0.1) shouldBe 0.1
        cosine(tMax = 10).clamp(min = 1e-3) shouldBe Schedule.cosine(10).clamp(1e-3, Double.POSITIVE_INFINITY)
    }

    test("a Kotlin function of the step is a schedule") {
        val halving = LongToDoubleFunction { t -> if (t < 100) 1.0 else 0.5 }
        val lr = function("halving", halving)
        lr shouldBe Schedule.function("halving", halving)
        lr.toString() shouldBe "function(halving)"
        val graph = schedule { function("halving") { t -> if (t < 100) 1.0 else 0.5 } }.compile()
        graph.lr(99, 0.1) shouldBe 0.1
        graph.lr(100, 0.1) shouldBe 0.05
    }

    context("every shape with only its required arguments equals the Java factory") {
        val pairs: List<Pair<Schedule, Schedule>> = listOf(
            constant() to Schedule.constant(),
            warmup(10) to Schedule.warmup(10),
            linear(100) to Schedule.linear(100),
            step(5) to Schedule.step(5),
            multiStep(30, 80) to Schedule.multiStep(30, 80),
            exponential(0.9) to Schedule.exponential(0.9),
            polynomial(100) to Schedule.polynomial(100),
            cosine() to Schedule.cosine(),
            cosineRestarts(50) to Schedule.cosineRestarts(50),
            oneCycle() to Schedule.oneCycle(),
            cyclic(0.1, 4) to Schedule.cyclic(0.1, 4),
            inverseSqrt(400) to Schedule.inverseSqrt(400),
            warmupStableDecay(100, 800, 100) to Schedule.warmupStableDecay(100, 800, 100),
            piecewise(0 to 1.0) to Schedule.piecewise().at(0, 1.0),
            function("0.95 ** t") to Schedule.function("0.95 ** t"),
            plateau() to Schedule.plateau(),
        )
        for ((kotlin, java) in pairs) {
            test("$java") {
                kotlin shouldBe java
                kotlin.toString() shouldBe java.toString()
            }
        }
    }

    context("every named parameter sets the record component the Java wither sets") {
        val pairs: List<Pair<Schedule, Schedule>> = listOf(
            constant(0.5) to Schedule.constant(0.5),
            warmup(10, startFactor = 0.1) to Schedule.warmup(10).startFactor(0.1),
            warmup(2.epochs, startFactor = 0.1) to Schedule.warmup(Span.epochs(2)).startFactor(0.1),
            linear(200, startFactor = 0.5, endFactor = 0.1) to Schedule.linear(200).startFactor(0.5).endFactor(0.1),
            linear(3.epochs) to Schedule.linear(Span.epochs(3)),
            step(stepSize = 5.epochs, gamma = 0.5) to Schedule.step(Span.epochs(5)).gamma(0.5),
            step(7, gamma = 0.5) to Schedule.step(7).gamma(0.5),
            multiStep(30, 80, gamma = 0.5) to Schedule.multiStep(30, 80).gamma(0.5),
            multiStep(30.epochs, 80.epochs) to Schedule.multiStep(listOf(Span.epochs(30), Span.epochs(80))),
            multiStep(listOf(3.epochs, 8.epochs), gamma = 0.2) to
                Schedule.multiStep(listOf(Span.epochs(3), Span.epochs(8))).gamma(0.2),
            polynomial(1000, power = 2.0, endFactor = 0.1) to Schedule.polynomial(1000).power(2.0).endFactor(0.1),
            polynomial(4.epochs) to Schedule.polynomial(Span.epochs(4)),
            cosine(tMax = 90, etaMin = 1e-6, periodic = true) to Schedule.cosine(90, 1e-6).periodic(true),
            cosine(tMax = 9.epochs, etaMin = 1e-6) to Schedule.cosine().tMax(Span.epochs(9)).etaMin(1e-6),
            cosine(etaMin = 1e-6) to Schedule.cosine().etaMin(1e-6),
            cosineRestarts(t0 = 50, tMult = 2, etaMin = 1e-5, decay = 0.9) to
                Schedule.cosineRestarts(50).tMult(2).etaMin(1e-5).decay(0.9),
            cosineRestarts(t0 = 2.epochs) to Schedule.cosineRestarts(Span.epochs(2)),
            oneCycle(
                total = 1000, maxLr = 0.1, pctStart = 0.25, divFactor = 10.0, finalDivFactor = 100.0,
                anneal = OneCycle.Anneal.LINEAR, threePhase = true, baseMomentum = 0.8, maxMomentum = 0.9,
            ) to Schedule.oneCycle(1000).maxLr(0.1).pctStart(0.25).divFactor(10.0).finalDivFactor(100.0)
                .anneal(OneCycle.Anneal.LINEAR).threePhase(true).momenta(0.8, 0.9),
            oneCycle(total = 10.epochs, maxLr = 0.1) to Schedule.oneCycle().total(Span.epochs(10)).maxLr(0.1),
            cyclic(maxLr = 0.1, stepUp = 4, mode = Cyclic.Mode.TRIANGULAR2) to
                Schedule.cyclic(0.1, 4).mode(Cyclic.Mode.TRIANGULAR2),
            cyclic(
                maxLr = 0.05, stepUp = 3, stepDown = 5, gamma = 0.99, scaleFn = "0.8 ** x",
                scaleMode = Cyclic.ScaleMode.ITERATIONS, baseMomentum = 0.7, maxMomentum = 0.95,
            ) to Schedule.cyclic(0.05, 3).stepDown(5).gamma(0.99).scaleFn("0.8 ** x", Cyclic.ScaleMode.ITERATIONS)
                .momenta(0.7, 0.95),
            cyclic(0.1, stepUp = 2.epochs, stepDown = 1.epochs, mode = Cyclic.Mode.EXP_RANGE) to
                Schedule.cyclic(0.1, Span.epochs(2)).stepDown(Span.epochs(1)).mode(Cyclic.Mode.EXP_RANGE),
            inverseSqrt(warmup = 10, timescale = 20) to Schedule.inverseSqrt(10).timescale(Span.steps(20)),
            inverseSqrt(warmup = 1.epochs, timescale = 2.epochs) to
                Schedule.inverseSqrt(Span.epochs(1)).timescale(Span.epochs(2)),
            warmupStableDecay(
                warmup = 100, stable = 800, decay = 100, shape = WarmupStableDecay.Shape.ONE_MINUS_SQRT,
                startFactor = 0.1, endFactor = 0.01,
            ) to Schedule.warmupStableDecay(100, 800, 100).shape(WarmupStableDecay.Shape.ONE_MINUS_SQRT)
                .startFactor(0.1).endFactor(0.01),
            warmupStableDecay(1.epochs, 8.epochs, 1.epochs, shape = WarmupStableDecay.Shape.COSINE) to
                Schedule.warmupStableDecay(Span.epochs(1), Span.epochs(8), Span.epochs(1))
                    .shape(WarmupStableDecay.Shape.COSINE),
            piecewise(0 to 1.0, 100 to 0.5, linear = true) to Schedule.piecewise().at(0, 1.0).at(100, 0.5).linear(),
            piecewise(0.steps to 1.0, 2.epochs to 0.5) to Schedule.piecewise().at(0, 1.0).at(Span.epochs(2), 0.5),
            plateau(
                mode = Plateau.Mode.MAX, factor = 0.5, patience = 2, threshold = 0.01,
                thresholdMode = Plateau.ThresholdMode.ABS, cooldown = 1, minLr = 1e-6, eps = 1e-9,
            ) to Schedule.plateau().mode(Plateau.Mode.MAX).factor(0.5).patience(2).threshold(0.01)
                .thresholdMode(Plateau.ThresholdMode.ABS).cooldown(1).minLr(1e-6).eps(1e-9),
            (warmup(5) then plateau(patience = 2)) to Schedule.warmup(5).then(Schedule.plateau().patience(2)),
        )
        for ((kotlin, java) in pairs) {
            test("$java") {
                kotlin shouldBe java
                kotlin.toString() shouldBe java.toString()
            }
        }
    }

    test("named arguments print as the text form's named arguments") {
        step(stepSize = 5.epochs, gamma = 0.5).toString() shouldBe "step(stepSize=5.epochs, gamma=0.5)"
        multiStep(30, 80).toString() shouldBe "multiStep(milestones=[30, 80])"
        cyclic(maxLr = 0.1, stepUp = 4, mode = Cyclic.Mode.TRIANGULAR2).toString() shouldBe
            "cyclic(maxLr=0.1, stepUp=4, mode=triangular2)"
        piecewise(0 to 1.0, 100 to 0.5, linear = true).toString() shouldBe
            "piecewise(points=[0: 1.0, 100: 0.5], interpolation=linear)"
        warmup(2.epochs, startFactor = 0.1).toString() shouldBe "warmup(2.epochs, startFactor=0.1)"
    }
})
