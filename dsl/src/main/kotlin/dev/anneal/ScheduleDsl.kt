package dev.anneal

/**
 * The receiver of [schedule]. The shapes ([warmup], [cosine], ...) and the combinators ([then],
 * `0.5 * s`, [clamp]) are top-level (extension) functions of package `dev.anneal`, so the same calls work inside
 * `schedule { }` and outside it. `a * b` (multiply) is [Schedule.times], which Kotlin calls as an
 * operator; the other Java methods (`lasting`, `perEpoch`, `withWarmup`) read well as they are.
 * ```
 * import dev.anneal.*
 *
 * val lr = schedule { warmup(10) then cosine(tMax = 90, etaMin = 1e-6) }
 * val same = warmup(10) then cosine(tMax = 90, etaMin = 1e-6)
 * ```
 */
object ScheduleScope

/**
 * A schedule written in Kotlin; the block's result, which is exactly the schedule the Java API
 * builds (`Schedule.warmup(10).then(Schedule.cosine(90, 1e-6))` here):
 * ```
 * val lr = schedule { warmup(10) then cosine(tMax = 90, etaMin = 1e-6) }
 * lr.compile().lr(55, 0.1)   // (0.1 + 1e-6) / 2
 * ```
 */
inline fun schedule(block: ScheduleScope.() -> Schedule): Schedule = ScheduleScope.block()

/** This many optimizer steps: `500.steps`. */
val Int.steps: Span get() = Span.steps(toLong())

/** This many optimizer steps: `500L.steps`. */
val Long.steps: Span get() = Span.steps(this)

/** This many epochs: `10.epochs`, turned into steps with the clock's steps per epoch. */
val Int.epochs: Span get() = Span.epochs(toLong())

/** This many epochs: `10L.epochs`. */
val Long.epochs: Span get() = Span.epochs(this)

/** Runs this schedule for its duration, then [next] from its own time 0 ([Schedule.then]): `warmup(10) then cosine()`. */
infix fun Schedule.then(next: Schedule): Schedule = then(next)

/** [s] scaled by this factor ([Schedule.scale]): `0.5 * cosine(tMax = 10)`. */
operator fun Double.times(s: Schedule): Schedule = s.scale(this)

/** This schedule's value kept within [[min], [max]] ([Schedule.clamp]): `cosine().clamp(min = 1e-5)`. */
fun Schedule.clamp(min: Double = 0.0, max: Double = Double.POSITIVE_INFINITY): Schedule = clamp(min, max)
