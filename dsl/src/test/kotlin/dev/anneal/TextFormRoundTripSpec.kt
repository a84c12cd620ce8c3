package dev.anneal

import dev.anneal.Cyclic.CyclicMomentum
import dev.anneal.OneCycle.OneCycleMomentum
import dev.anneal.torch.ChainedScheduler
import dev.anneal.torch.ConstantLR
import dev.anneal.torch.CosineAnnealingLR
import dev.anneal.torch.CosineAnnealingWarmRestarts
import dev.anneal.torch.CyclicLR
import dev.anneal.torch.ExponentialLR
import dev.anneal.torch.LambdaLR
import dev.anneal.torch.LinearLR
import dev.anneal.torch.MultiStepLR
import dev.anneal.torch.MultiplicativeLR
import dev.anneal.torch.OneCycleLR
import dev.anneal.torch.PolynomialLR
import dev.anneal.torch.ReduceLROnPlateau
import dev.anneal.torch.SequentialLR
import dev.anneal.torch.StepLR
import dev.anneal.torch.TorchScheduler
import io.kotest.common.ExperimentalKotest
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import io.kotest.property.Arb
import io.kotest.property.PropTestConfig
import io.kotest.property.arbitrary.arbitrary
import io.kotest.property.checkAll
import kotlin.random.Random

/** Every schedule's text form reads back to an equal schedule that prints the same text. */
@OptIn(ExperimentalKotest::class)
class TextFormRoundTripSpec : FunSpec({

    test("parse(s.toString()) equals s and prints the same, for random schedules of every shape and combinator") {
        var shapes = 0
        checkAll(PropTestConfig(seed = 20_261_124, iterations = ITERATIONS), arbSchedule) { s ->
            val text = s.toString()
            val back = Schedule.parse(text)
            back shouldBe s
            back.toString() shouldBe text
            shapes++
        }
        shapes shouldBe ITERATIONS
    }

    test("the generator reaches every shape and combinator") {
        val seen = mutableSetOf<String>()
        val random = Random(7)
        repeat(2_000) { nodeNames(ScheduleGen(random).schedule(3), seen) }
        seen shouldBe ALL_NODES
    }
})

private const val ITERATIONS = 3_000

private val arbSchedule: Arb<Schedule> = arbitrary { rs -> ScheduleGen(rs.random).schedule(3) }

private val ALL_NODES = setOf(
    "Constant", "Warmup", "Linear", "StepDecay", "MultiStep", "Exponential", "Polynomial", "Cosine", "CosineRestarts",
    "OneCycle", "Cyclic", "InverseSqrt", "WarmupStableDecay", "Piecewise", "ExpressionSchedule", "Plateau",
    "Sequence", "Product", "Scaled", "Clamped", "Lasting", "PerEpoch", "OneCycleMomentum", "CyclicMomentum",
    "LambdaLR", "MultiplicativeLR", "StepLR", "MultiStepLR", "ConstantLR", "LinearLR", "ExponentialLR", "PolynomialLR",
    "CosineAnnealingLR", "CosineAnnealingWarmRestarts", "ReduceLROnPlateau", "CyclicLR", "OneCycleLR", "SequentialLR",
    "ChainedScheduler", "Momentum",
)

private fun nodeNames(s: Schedule, into: MutableSet<String>) {
    into += s.javaClass.simpleName
    when (s) {
        is Sequence -> s.parts().forEach { nodeNames(it, into) }
        is Product -> { nodeNames(s.left(), into); nodeNames(s.right(), into) }
        is Scaled -> nodeNames(s.schedule(), into)
        is Clamped -> nodeNames(s.schedule(), into)
        is Lasting -> nodeNames(s.schedule(), into)
        is PerEpoch -> nodeNames(s.schedule(), into)
        is OneCycleMomentum -> nodeNames(s.cycle(), into)
        is CyclicMomentum -> nodeNames(s.cycle(), into)
        is SequentialLR -> s.schedulers().forEach { nodeNames(it, into) }
        is ChainedScheduler -> s.schedulers().forEach { nodeNames(it, into) }
        else -> Unit
    }
}

/** Random valid schedules, built through the public Java API, with awkward numbers on purpose. */
private class ScheduleGen(private val r: Random) {

    fun schedule(depth: Int): Schedule =
        if (depth == 0 || r.nextInt(3) == 0) shape() else combinator(depth - 1)

    private fun combinator(d: Int): Schedule = when (r.nextInt(11)) {
        0 -> schedule(d).then(schedule(d)).let { if (r.nextBoolean()) it.then(schedule(d)) else it }
        1 -> schedule(d).times(schedule(d))
        2 -> schedule(d).scale(finite())
        3 -> {
            val a = anyNumber()
            val b = anyNumber()
            schedule(d).clamp(minOf(a, b), maxOf(a, b))
        }
        4 -> schedule(d).lasting(span())
        5 -> schedule(d).perEpoch()
        6 -> oneCycle().momentum()
        7 -> cyclic().momentum()
        8 -> torch(d)
        9 -> if (r.nextBoolean()) torchOf { torchCyclic() }.momentum() else torchOf { torchOneCycle() }.momentum()
        else -> schedule(d).withWarmup(span())
    }

    private fun shape(): Schedule = when (r.nextInt(16)) {
        0 -> Schedule.constant(nonNegative())
        1 -> Schedule.warmup(span()).startFactor(unit())
        2 -> Schedule.linear(span()).startFactor(nonNegative()).endFactor(nonNegative())
        3 -> Schedule.step(positiveSpan()).gamma(nonNegative())
        4 -> Schedule.multiStep(increasingSpans()).gamma(nonNegative())
        5 -> Schedule.exponential(positive())
        6 -> Schedule.polynomial(positiveSpan()).power(nonNegative()).endFactor(unit())
        7 -> Schedule.cosine().tMax(maybe { positiveSpan() }).etaMin(nonNegative()).periodic(r.nextBoolean())
        8 -> Schedule.cosineRestarts(positiveSpan()).tMult(if (r.nextInt(5) == 0) r.nextLong(1, Long.MAX_VALUE) else r.nextLong(1, 4))
            .etaMin(nonNegative()).decay(positive())
        9 -> oneCycle()
        10 -> cyclic()
        11 -> Schedule.inverseSqrt(span()).timescale(maybe { positiveSpan() })
        12 -> Schedule.warmupStableDecay(span(), span(), span()).shape(pick(WarmupStableDecay.Shape.entries))
            .startFactor(unit()).endFactor(unit())
        13 -> piecewise()
        14 -> Schedule.function(pick(T_EXPRESSIONS))
        else -> Schedule.plateau().mode(pick(Plateau.Mode.entries)).factor(r.nextDouble())
            .patience(anyLong()).threshold(anyNumber()).thresholdMode(pick(Plateau.ThresholdMode.entries))
            .cooldown(anyLong()).minLr(anyNumber()).eps(anyNumber())
    }

    /** A valid PyTorch scheduler: random candidates until one passes PyTorch's construction checks. */
    private fun torch(d: Int): TorchScheduler = torchOf { torchCandidate(d) }

    private fun <T : Schedule> torchOf(candidate: () -> T): T {
        repeat(10_000) {
            try {
                return candidate()
            } catch (e: ScheduleException) {
                // PyTorch rejects this combination; draw another
            }
        }
        error("no valid PyTorch scheduler drawn")
    }

    private fun torchCandidate(d: Int): TorchScheduler = when (r.nextInt(15)) {
        0 -> LambdaLR(pick(EPOCH_EXPRESSIONS))
        1 -> MultiplicativeLR(pick(EPOCH_EXPRESSIONS))
        2 -> StepLR(r.nextLong(1, 100), nonNegative(), lastEpoch())
        3 -> MultiStepLR(List(r.nextInt(4)) { r.nextLong(0, 100) }, nonNegative(), lastEpoch())
        4 -> ConstantLR(unit(), r.nextLong(0, 50), lastEpoch())
        5 -> LinearLR(unit(), unit(), r.nextLong(1, 50), lastEpoch())
        6 -> ExponentialLR(positive(), lastEpoch())
        7 -> PolynomialLR(r.nextLong(1, 100), nonNegative(), lastEpoch())
        8 -> CosineAnnealingLR(r.nextLong(1, 1_000), nonNegative(), lastEpoch())
        9 -> CosineAnnealingWarmRestarts(r.nextLong(1, 100), r.nextLong(1, 4), nonNegative(), lastEpoch())
        10 -> ReduceLROnPlateau.of().mode(pick(listOf("min", "max"))).factor(r.nextDouble()).patience(r.nextLong(0, 20))
            .threshold(nonNegative(), pick(listOf("rel", "abs"))).cooldown(r.nextLong(0, 5)).min_lr(nonNegative())
            .eps(nonNegative())
        11 -> torchCyclic()
        12 -> torchOneCycle()
        13 -> if (d == 0) ExponentialLR(positive()) else List(r.nextInt(1, 4)) { torch(d - 1) }
            .let { SequentialLR(it, List(it.size - 1) { r.nextLong(1, 50) }) }
        else -> if (d == 0) StepLR(r.nextLong(1, 10)) else ChainedScheduler(List(r.nextInt(1, 4)) { torch(d - 1) })
    }

    private fun torchCyclic(): CyclicLR {
        var c = CyclicLR.of(nonNegative(), nonNegative()).step_size_up(if (r.nextBoolean()) r.nextLong(1, 100).toDouble() else positive())
            .mode(pick(listOf("triangular", "triangular2", "exp_range"))).gamma(positive())
        if (r.nextBoolean()) c = c.step_size_down(positive())
        if (r.nextBoolean()) c = c.scale_fn(pick(X_EXPRESSIONS), pick(listOf("cycle", "iterations")))
        val (lo, hi) = sorted(nonNegative(), nonNegative())
        return c.momentum(r.nextBoolean(), lo, hi)
    }

    private fun torchOneCycle(): OneCycleLR {
        val total = maybe { r.nextLong(2, 10_000) }
        val (lo, hi) = sorted(unit(), unit())
        return OneCycleLR(positive(), total, if (total == null) r.nextLong(1, 50) else maybe { r.nextLong(1, 50) },
            if (total == null) r.nextLong(1, 50) else maybe { r.nextLong(1, 50) }, unit(), pick(listOf("cos", "linear")),
            r.nextBoolean(), lo, hi, positive(), positive(), r.nextBoolean(), lastEpoch())
    }

    private fun lastEpoch(): Long = if (r.nextInt(4) == 0) r.nextLong(0, 20) else -1

    private fun oneCycle(): OneCycle {
        var c = Schedule.oneCycle()
        if (r.nextBoolean()) c = c.total(Span(r.nextLong(2, 100_000), pick(Span.Unit.entries)))
        if (r.nextBoolean()) c = c.maxLr(positive())
        val (lo, hi) = sorted(nonNegative(), nonNegative())
        return c.pctStart(unit()).divFactor(positive()).finalDivFactor(positive()).anneal(pick(OneCycle.Anneal.entries))
            .threePhase(r.nextBoolean()).let { if (r.nextBoolean()) it.momenta(lo, hi) else it }
    }

    private fun cyclic(): Cyclic {
        var c = Schedule.cyclic(nonNegative(), positiveSpan()).mode(pick(Cyclic.Mode.entries)).gamma(positive())
        if (r.nextBoolean()) c = c.stepDown(positiveSpan())
        if (r.nextBoolean()) c = c.scaleFn(pick(X_EXPRESSIONS), pick(Cyclic.ScaleMode.entries))
        val (lo, hi) = sorted(nonNegative(), nonNegative())
        return if (r.nextBoolean()) c.momenta(lo, hi) else c
    }

    private fun piecewise(): Piecewise {
        var p = Schedule.piecewise()
        var at = r.nextLong(0, 10)
        repeat(r.nextInt(5)) {
            p = p.at(Span(at, if (r.nextInt(4) == 0) Span.Unit.EPOCHS else Span.Unit.STEPS), nonNegative())
            at += r.nextLong(1, 1_000)
        }
        return if (r.nextBoolean()) p.linear() else p
    }

    private fun increasingSpans(): List<Span> {
        var at = r.nextLong(0, 10)
        val unit = pick(Span.Unit.entries)
        return List(r.nextInt(5)) { Span(at, unit).also { at += r.nextLong(1, 1_000) } }
    }

    private fun span(): Span = Span(amount(0), pick(Span.Unit.entries))

    private fun positiveSpan(): Span = Span(amount(1), pick(Span.Unit.entries))

    private fun amount(min: Long): Long = if (r.nextInt(10) == 0) r.nextLong(min, Long.MAX_VALUE / 4) else r.nextLong(min, 2_000)

    private fun anyLong(): Long = when (r.nextInt(4)) {
        0 -> r.nextLong()
        1 -> pick(listOf(Long.MIN_VALUE, Long.MAX_VALUE, -1L, 0L))
        else -> r.nextLong(0, 100)
    }

    /** Finite and >= 0: round values, values with exponents, random mantissas, extremes. */
    private fun nonNegative(): Double = when (r.nextInt(4)) {
        0 -> pick(listOf(0.0, 0.1, 0.5, 1.0, 2.0, 90.0, 1e-6, 1e-4, 1e4, 1e10, 1e22, 1e-300, Double.MIN_VALUE, Double.MAX_VALUE))
        1 -> r.nextDouble() * Math.pow(10.0, r.nextInt(-12, 12).toDouble())
        2 -> r.nextInt(0, 1000).toDouble()
        else -> r.nextDouble()
    }

    private fun positive(): Double = nonNegative().let { if (it == 0.0) 0.25 else it }

    private fun unit(): Double = if (r.nextInt(4) == 0) pick(listOf(0.0, 1.0, 0.5)) else r.nextDouble()

    private fun finite(): Double = when (r.nextInt(5)) {
        0 -> -0.0
        1 -> -nonNegative()
        else -> nonNegative()
    }

    private fun anyNumber(): Double = when (r.nextInt(8)) {
        0 -> Double.POSITIVE_INFINITY
        1 -> Double.NEGATIVE_INFINITY
        else -> finite()
    }

    private fun sorted(a: Double, b: Double) = if (a <= b) a to b else b to a

    private fun <T> maybe(f: () -> T): T? = if (r.nextBoolean()) f() else null

    private fun <T> pick(options: List<T>): T = options[r.nextInt(options.size)]
}

private val T_EXPRESSIONS = listOf(
    "0.95 ** t", "min(1.0, (t + 1) / 5)", "1 / (1 + t)", "  t // 10 % 3 ", "0.5 if t < 100 else 0.1",
    "math.exp(-t / 1000)", "max(0.1,\n  1 - t / 500)", "abs(math.cos(math.pi * t / 50))",
)

private val EPOCH_EXPRESSIONS = listOf("0.95 ** epoch", "min(1.0, (epoch + 1) / 5)", "1.0", "epoch // 3")

private val X_EXPRESSIONS = listOf("0.8 ** x", "1 / (2.0 ** (x - 1))", "1.0", "max(0.5, 1 / x)")
