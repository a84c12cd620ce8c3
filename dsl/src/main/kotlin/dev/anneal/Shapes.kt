package dev.anneal

import dev.anneal.expression.Expression
import java.util.function.LongToDoubleFunction

// The shapes with Kotlin's named parameters. Each builds the Java record of the same name, with the
// record's defaults; see the record's Javadoc for the formula. Lengths are an Int (steps) or a Span
// (`10.epochs`, `500.steps`); a shape with several lengths takes all Ints or all Spans.

/** `lr = base * factor` ([Constant]). */
fun constant(factor: Double = 1.0): Constant = Constant(factor)

/** Linear warmup from `base * startFactor` to the base over [length] steps, then the base ([Warmup]). */
fun warmup(length: Int, startFactor: Double = 0.0): Warmup = warmup(length.steps, startFactor)

/** Linear warmup from `base * startFactor` to the base over [length] ([Warmup]): `warmup(2.epochs)`. */
fun warmup(length: Span, startFactor: Double = 0.0): Warmup = Warmup(length, startFactor)

/** A line from `base * startFactor` to `base * endFactor` over [length] steps, then held ([Linear]). */
fun linear(length: Int, startFactor: Double = 1.0, endFactor: Double = 0.0): Linear =
    linear(length.steps, startFactor, endFactor)

/** A line from `base * startFactor` to `base * endFactor` over [length], then held ([Linear]). */
fun linear(length: Span, startFactor: Double = 1.0, endFactor: Double = 0.0): Linear =
    Linear(length, startFactor, endFactor)

/** `base * gamma^floor(t / stepSize)`, [stepSize] in steps ([StepDecay]). */
fun step(stepSize: Int, gamma: Double = 0.1): StepDecay = step(stepSize.steps, gamma)

/** `base * gamma^floor(t / stepSize)` ([StepDecay]): `step(stepSize = 5.epochs, gamma = 0.5)`. */
fun step(stepSize: Span, gamma: Double = 0.1): StepDecay = StepDecay(stepSize, gamma)

/** Multiplies by [gamma] at each milestone step ([MultiStep]): `multiStep(30, 80, gamma = 0.5)`. */
fun multiStep(vararg milestones: Int, gamma: Double = 0.1): MultiStep = multiStep(milestones.map { it.steps }, gamma)

/** Multiplies by [gamma] at each milestone ([MultiStep]): `multiStep(30.epochs, 80.epochs)`. */
fun multiStep(vararg milestones: Span, gamma: Double = 0.1): MultiStep = multiStep(milestones.asList(), gamma)

/** Multiplies by [gamma] at each milestone ([MultiStep]). */
fun multiStep(milestones: List<Span>, gamma: Double = 0.1): MultiStep = MultiStep(milestones, gamma)

/** `base * gamma^t` ([Exponential]). */
fun exponential(gamma: Double): Exponential = Exponential(gamma)

/** Decay from the base to `base * endFactor` over [length] steps with exponent [power] ([Polynomial]). */
fun polynomial(length: Int, power: Double = 1.0, endFactor: Double = 0.0): Polynomial =
    polynomial(length.steps, power, endFactor)

/** Decay from the base to `base * endFactor` over [length] with exponent [power] ([Polynomial]). */
fun polynomial(length: Span, power: Double = 1.0, endFactor: Double = 0.0): Polynomial =
    Polynomial(length, power, endFactor)

/**
 * Cosine annealing from the base to [etaMin] over [tMax] steps, then [etaMin] (or on, if [periodic])
 * ([Cosine]); `tMax = null` anneals over the rest of training.
 */
fun cosine(tMax: Int? = null, etaMin: Double = 0.0, periodic: Boolean = false): Cosine =
    Cosine(tMax?.steps, etaMin, periodic)

/** Cosine annealing from the base to [etaMin] over [tMax] ([Cosine]): `cosine(tMax = 9.epochs)`. */
fun cosine(tMax: Span, etaMin: Double = 0.0, periodic: Boolean = false): Cosine = Cosine(tMax, etaMin, periodic)

/** Cosine with warm restarts, first cycle [t0] steps ([CosineRestarts]): `cosineRestarts(t0 = 50, tMult = 2)`. */
fun cosineRestarts(t0: Int, tMult: Int = 1, etaMin: Double = 0.0, decay: Double = 1.0): CosineRestarts =
    cosineRestarts(t0.steps, tMult, etaMin, decay)

/** Cosine with warm restarts, first cycle [t0] ([CosineRestarts]). */
fun cosineRestarts(t0: Span, tMult: Int = 1, etaMin: Double = 0.0, decay: Double = 1.0): CosineRestarts =
    CosineRestarts(t0, tMult.toLong(), etaMin, decay)

/**
 * The 1cycle policy over [total] steps, `null` for the rest of training, peaking at [maxLr] (`null`:
 * the base) ([OneCycle]; its `momentum()` gives the matching momentum schedule).
 */
fun oneCycle(
    total: Int? = null,
    maxLr: Double? = null,
    pctStart: Double = 0.3,
    divFactor: Double = 25.0,
    finalDivFactor: Double = 1e4,
    anneal: OneCycle.Anneal = OneCycle.Anneal.COS,
    threePhase: Boolean = false,
    baseMomentum: Double = 0.85,
    maxMomentum: Double = 0.95,
): OneCycle = OneCycle(total?.steps, maxLr, pctStart, divFactor, finalDivFactor, anneal, threePhase, baseMomentum, maxMomentum)

/** The 1cycle policy over [total] ([OneCycle]): `oneCycle(total = 10.epochs, maxLr = 0.1)`. */
fun oneCycle(
    total: Span,
    maxLr: Double? = null,
    pctStart: Double = 0.3,
    divFactor: Double = 25.0,
    finalDivFactor: Double = 1e4,
    anneal: OneCycle.Anneal = OneCycle.Anneal.COS,
    threePhase: Boolean = false,
    baseMomentum: Double = 0.85,
    maxMomentum: Double = 0.95,
): OneCycle = OneCycle(total, maxLr, pctStart, divFactor, finalDivFactor, anneal, threePhase, baseMomentum, maxMomentum)

/**
 * A cyclical learning rate between the base and [maxLr], rising over [stepUp] steps and falling over
 * [stepDown] (`null`: [stepUp]) ([Cyclic]); [scaleFn] is an expression in `x` replacing [mode].
 */
fun cyclic(
    maxLr: Double,
    stepUp: Int,
    stepDown: Int? = null,
    mode: Cyclic.Mode = Cyclic.Mode.TRIANGULAR,
    gamma: Double = 1.0,
    scaleFn: String? = null,
    scaleMode: Cyclic.ScaleMode = Cyclic.ScaleMode.CYCLE,
    baseMomentum: Double = 0.8,
    maxMomentum: Double = 0.9,
): Cyclic = cyclic(maxLr, stepUp.steps, stepDown?.steps, mode, gamma, scaleFn, scaleMode, baseMomentum, maxMomentum)

/** A cyclical learning rate between the base and [maxLr] ([Cyclic]): `cyclic(0.1, stepUp = 2.epochs)`. */
fun cyclic(
    maxLr: Double,
    stepUp: Span,
    stepDown: Span? = null,
    mode: Cyclic.Mode = Cyclic.Mode.TRIANGULAR,
    gamma: Double = 1.0,
    scaleFn: String? = null,
    scaleMode: Cyclic.ScaleMode = Cyclic.ScaleMode.CYCLE,
    baseMomentum: Double = 0.8,
    maxMomentum: Double = 0.9,
): Cyclic = Cyclic(maxLr, stepUp, stepDown, mode, gamma, scaleFn?.let { Expression.parse(it, "x") }, scaleMode,
    baseMomentum, maxMomentum)

/** Linear warmup over [warmup] steps, then `1/sqrt` decay on [timescale] (`null`: the default) ([InverseSqrt]). */
fun inverseSqrt(warmup: Int, timescale: Int? = null): InverseSqrt = InverseSqrt(warmup.steps, timescale?.steps)

/** Linear warmup over [warmup], then `1/sqrt` decay ([InverseSqrt]). */
fun inverseSqrt(warmup: Span, timescale: Span? = null): InverseSqrt = InverseSqrt(warmup, timescale)

/** Warmup over [warmup] steps, the base for [stable], then a [shape] decay over [decay] ([WarmupStableDecay]). */
fun warmupStableDecay(
    warmup: Int,
    stable: Int,
    decay: Int,
    shape: WarmupStableDecay.Shape = WarmupStableDecay.Shape.LINEAR,
    startFactor: Double = 0.0,
    endFactor: Double = 0.0,
): WarmupStableDecay = warmupStableDecay(warmup.steps, stable.steps, decay.steps, shape, startFactor, endFactor)

/** Warmup, stable phase, then a [shape] decay ([WarmupStableDecay]): `warmupStableDecay(1.epochs, 8.epochs, 1.epochs)`. */
fun warmupStableDecay(
    warmup: Span,
    stable: Span,
    decay: Span,
    shape: WarmupStableDecay.Shape = WarmupStableDecay.Shape.LINEAR,
    startFactor: Double = 0.0,
    endFactor: Double = 0.0,
): WarmupStableDecay = WarmupStableDecay(warmup, stable, decay, shape, startFactor, endFactor)

/** Factors at steps, held between them or joined by lines if [linear] ([Piecewise]): `piecewise(0 to 1.0, 100 to 0.5)`. */
fun piecewise(vararg points: Pair<Int, Double>, linear: Boolean = false): Piecewise =
    piecewise(points.map { (at, factor) -> at.steps to factor }, linear)

/** Factors at points in time ([Piecewise]): `piecewise(0.steps to 1.0, 2.epochs to 0.5, linear = true)`. */
@JvmName("piecewiseSpans")
fun piecewise(vararg points: Pair<Span, Double>, linear: Boolean = false): Piecewise = piecewise(points.asList(), linear)

private fun piecewise(points: List<Pair<Span, Double>>, linear: Boolean): Piecewise = Piecewise(
    points.map { (at, factor) -> Piecewise.Point(at, factor) },
    if (linear) Piecewise.Interpolation.LINEAR else Piecewise.Interpolation.CONSTANT,
)

/** `lr = base * f(t)` for an expression in `t` ([ExpressionSchedule]): `function("0.95 ** t")`. */
fun function(expression: String): ExpressionSchedule = Schedule.function(expression)

/**
 * `lr = base * factor(t)` for a Kotlin function of the step, printed as `function(name)`
 * ([Schedule.function]): `function("halving") { t -> 0.5.pow(t / 100.0) }`.
 */
fun function(name: String, factor: LongToDoubleFunction): Schedule = Schedule.function(name, factor)

/** Reduce-on-plateau with PyTorch's ReduceLROnPlateau rules ([Plateau]): `plateau(patience = 2, factor = 0.5)`. */
fun plateau(
    mode: Plateau.Mode = Plateau.Mode.MIN,
    factor: Double = 0.1,
    patience: Int = 10,
    threshold: Double = 1e-4,
    thresholdMode: Plateau.ThresholdMode = Plateau.ThresholdMode.REL,
    cooldown: Int = 0,
    minLr: Double = 0.0,
    eps: Double = 1e-8,
): Plateau = Plateau(mode, factor, patience.toLong(), threshold, thresholdMode, cooldown.toLong(), minLr, eps)
