package dev.anneal;

import dev.anneal.expression.Expression;
import dev.anneal.graph.Curve;
import dev.anneal.graph.Frame;
import dev.anneal.text.ScheduleParseException;
import dev.anneal.text.ScheduleParser;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.LongToDoubleFunction;

/**
 * A learning-rate schedule: an immutable expression of how a value moves with training time,
 * applied to a base value (the param group's base learning rate, or the value of the schedule it
 * wraps). Schedules compose, print as the text a user would type, and compile to a
 * {@link ScheduleGraph} that evaluates them in closed form.
 *
 * <pre>{@code
 * import static dev.anneal.Schedule.*;
 *
 * Schedule lr = warmup(10).then(cosine(90, 1e-6));
 * ScheduleGraph graph = lr.compile();
 * graph.lr(10, 0.1);    // 0.1
 * graph.lr(100, 0.1);   // 1e-6
 * lr.toString();        // "warmup(10) then cosine(tMax=90, etaMin=1e-6)"
 * }</pre>
 *
 * <p>Plain integer lengths are optimizer steps; {@link Span#epochs(long)} gives epochs. A part that
 * has a {@link #duration()} can be followed with {@link #then(Schedule)}; after its duration a
 * shape holds its end value (see each shape), so the last part of a schedule runs on to the end of
 * training.
 */
public interface Schedule {

    /** How long this schedule lasts when followed by another with {@code then}; null when it has no end. */
    Span duration();

    /**
     * Compiles this node for a frame (called by {@link #compile(Clock)}; implement it only to write a
     * node of your own). Validation that needs the clock happens here.
     *
     * @throws ScheduleException naming the node, the value and the rule
     */
    Curve curve(Frame frame);

    /** Compiles with the clock's facts (steps per epoch, total steps). */
    default ScheduleGraph compile(Clock clock) {
        return ScheduleGraph.compile(this, clock);
    }

    /** Compiles with lengths in steps and no known total. */
    default ScheduleGraph compile() {
        return compile(Clock.steps());
    }

    /**
     * Reads a schedule from its text form, the expression {@link #toString()} prints:
     * {@code parse(s.toString()).equals(s)} for every schedule except one made from a Java or Kotlin
     * function, which has no text form. Precedence, low to high: {@code a then b}; {@code a * b}
     * (left-associative) and {@code 0.5 * s} (the number on the left); postfix {@code s.lasting(100)},
     * {@code s.clamp(min=1e-5, max=0.1)}, {@code s.perEpoch()}, {@code oneCycle(..).momentum()};
     * then calls {@code name(args)} and {@code (expr)}. Arguments are positional (in the shape's
     * parameter order) or named; lengths are {@code 500}, {@code 500.steps} or {@code 2.epochs}.
     * Capitalised names are PyTorch's schedulers with keyword arguments ({@code CosineAnnealingLR(T_max=10)}).
     * Whitespace and newlines go anywhere; {@code #} starts a comment to the end of the line.
     * <pre>{@code
     * Schedule lr = Schedule.parse("warmup(10) then cosine(tMax=90, etaMin=1e-6)");
     * lr.equals(warmup(10).then(cosine(90, 1e-6)));   // true
     * }</pre>
     *
     * @throws ScheduleParseException for any text that is not a valid schedule: where, what was
     *                                found and what was expected, or the node, value and rule of
     *                                a rejected parameter
     * @throws NullPointerException   if {@code text} is null
     */
    static Schedule parse(String text) {
        return ScheduleParser.parse(text);
    }

    // ---- combinators ------------------------------------------------------------------------

    /**
     * Runs this schedule for its duration, then {@code next} from its own time 0. Compiling fails if
     * this schedule has no duration. Text form: {@code a then b}.
     */
    default Schedule then(Schedule next) {
        List<Schedule> parts = new ArrayList<>();
        for (Schedule s : new Schedule[] {this, next}) {
            if (s instanceof Sequence seq) {
                parts.addAll(seq.parts());
            } else {
                parts.add(s);
            }
        }
        return new Sequence(parts);
    }

    /**
     * Multiplies: {@code other}'s value becomes this schedule's base, so for shapes that scale their
     * base (warmup, cosine with etaMin 0, step...) the factors multiply. Text form: {@code a * b}.
     */
    default Schedule times(Schedule other) {
        return new Product(this, other);
    }

    /** This schedule's value times {@code factor}. Text form: {@code 0.5 * s}. */
    default Schedule scale(double factor) {
        return new Scaled(factor, this);
    }

    /** This schedule's value kept within {@code [min, max]}. Text form: {@code s.clamp(min=1e-5, max=0.1)}. */
    default Schedule clamp(double min, double max) {
        return new Clamped(this, min, max);
    }

    /** This schedule with a duration of {@code steps}, so that another can follow it. */
    default Schedule lasting(long steps) {
        return lasting(Span.steps(steps));
    }

    /** This schedule with the given duration, so that another can follow it. Text form: {@code s.lasting(100)}. */
    default Schedule lasting(Span duration) {
        return new Lasting(this, duration);
    }

    /**
     * Advances this schedule once per epoch, as PyTorch does when {@code scheduler.step()} is called
     * at each epoch's end: inside, time and plain lengths count epochs. Text form: {@code s.perEpoch()}.
     */
    default Schedule perEpoch() {
        return new PerEpoch(this);
    }

    /** A linear warmup from 0 over {@code steps} multiplied onto this schedule, whose time keeps running from 0. */
    default Schedule withWarmup(long steps) {
        return warmup(steps).times(this);
    }

    /** A linear warmup from 0 over {@code duration} multiplied onto this schedule. Text form: {@code warmup(10) * s}. */
    default Schedule withWarmup(Span duration) {
        return warmup(duration).times(this);
    }

    // ---- shapes -----------------------------------------------------------------------------

    /** The base value unchanged: {@code lr = base}. */
    static Constant constant() {
        return new Constant(1.0);
    }

    /** {@code lr = base * factor}. */
    static Constant constant(double factor) {
        return new Constant(factor);
    }

    /** Linear warmup from 0 to the base over {@code steps}; the base at step {@code steps} and after. */
    static Warmup warmup(long steps) {
        return warmup(Span.steps(steps));
    }

    /** Linear warmup from 0 to the base over {@code duration}. */
    static Warmup warmup(Span duration) {
        return new Warmup(duration, 0.0);
    }

    /** Linear change from {@code base * 1} to {@code base * 0} over {@code steps} (set the factors with withers). */
    static Linear linear(long steps) {
        return linear(Span.steps(steps));
    }

    /** Linear change from {@code base * 1} to {@code base * 0} over {@code duration}. */
    static Linear linear(Span duration) {
        return new Linear(duration, 1.0, 0.0);
    }

    /** Multiplies by 0.1 every {@code stepSize} steps. */
    static StepDecay step(long stepSize) {
        return step(Span.steps(stepSize));
    }

    /** Multiplies by 0.1 every {@code stepSize}. */
    static StepDecay step(Span stepSize) {
        return new StepDecay(stepSize, 0.1);
    }

    /** Multiplies by 0.1 at each milestone (in steps). */
    static MultiStep multiStep(long... milestones) {
        return new MultiStep(Arrays.stream(milestones).mapToObj(Span::steps).toList(), 0.1);
    }

    /** Multiplies by 0.1 at each milestone. */
    static MultiStep multiStep(List<Span> milestones) {
        return new MultiStep(milestones, 0.1);
    }

    /** {@code lr = base * gamma^t}. */
    static Exponential exponential(double gamma) {
        return new Exponential(gamma);
    }

    /** Polynomial decay from the base to 0 over {@code steps}, power 1. */
    static Polynomial polynomial(long steps) {
        return polynomial(Span.steps(steps));
    }

    /** Polynomial decay from the base to 0 over {@code duration}, power 1. */
    static Polynomial polynomial(Span duration) {
        return new Polynomial(duration, 1.0, 0.0);
    }

    /** Cosine annealing from the base to 0 over the rest of training. */
    static Cosine cosine() {
        return new Cosine(null, 0.0, false);
    }

    /** Cosine annealing from the base to 0 over {@code tMax} steps. */
    static Cosine cosine(long tMax) {
        return new Cosine(Span.steps(tMax), 0.0, false);
    }

    /** Cosine annealing from the base to {@code etaMin} over {@code tMax} steps, then {@code etaMin}. */
    static Cosine cosine(long tMax, double etaMin) {
        return new Cosine(Span.steps(tMax), etaMin, false);
    }

    /** Cosine annealing with warm restarts, first cycle {@code t0} steps. */
    static CosineRestarts cosineRestarts(long t0) {
        return cosineRestarts(Span.steps(t0));
    }

    /** Cosine annealing with warm restarts, first cycle {@code t0}. */
    static CosineRestarts cosineRestarts(Span t0) {
        return new CosineRestarts(t0, 1, 0.0, 1.0);
    }

    /** The one-cycle policy over the rest of training, peaking at the base. */
    static OneCycle oneCycle() {
        return OneCycle.DEFAULT;
    }

    /** The one-cycle policy over {@code totalSteps}, peaking at the base. */
    static OneCycle oneCycle(long totalSteps) {
        return OneCycle.DEFAULT.total(Span.steps(totalSteps));
    }

    /** A cyclical learning rate between the base and {@code maxLr}, rising over {@code stepUp} steps. */
    static Cyclic cyclic(double maxLr, long stepUp) {
        return cyclic(maxLr, Span.steps(stepUp));
    }

    /** A cyclical learning rate between the base and {@code maxLr}, rising over {@code stepUp}. */
    static Cyclic cyclic(double maxLr, Span stepUp) {
        return new Cyclic(maxLr, stepUp, null, Cyclic.Mode.TRIANGULAR, 1.0, null, Cyclic.ScaleMode.CYCLE, 0.8, 0.9);
    }

    /** Linear warmup over {@code warmupSteps}, then decay with the inverse square root of time. */
    static InverseSqrt inverseSqrt(long warmupSteps) {
        return new InverseSqrt(Span.steps(warmupSteps), null);
    }

    /** Linear warmup over {@code warmup}, then decay with the inverse square root of time. */
    static InverseSqrt inverseSqrt(Span warmup) {
        return new InverseSqrt(warmup, null);
    }

    /** Warmup, a stable phase at the base, then a linear decay to 0 (lengths in steps). */
    static WarmupStableDecay warmupStableDecay(long warmup, long stable, long decay) {
        return warmupStableDecay(Span.steps(warmup), Span.steps(stable), Span.steps(decay));
    }

    /** Warmup, a stable phase at the base, then a linear decay to 0. */
    static WarmupStableDecay warmupStableDecay(Span warmup, Span stable, Span decay) {
        return new WarmupStableDecay(warmup, stable, decay, WarmupStableDecay.Shape.LINEAR, 0.0, 0.0);
    }

    /** Piecewise factors: add points with {@code .at(step, factor)}. */
    static Piecewise piecewise() {
        return new Piecewise(List.of(), Piecewise.Interpolation.CONSTANT);
    }

    /**
     * A factor given by an expression in {@code t} (the step), e.g. {@code "0.95 ** t"} or
     * {@code "min(1.0, (t + 1) / 5)"}: {@code lr = base * f(t)}. Python's operators
     * ({@code + - * / // % **}, comparisons, {@code a if c else b}, {@code min}, {@code max}).
     */
    static ExpressionSchedule function(String expression) {
        return new ExpressionSchedule(Expression.parse(expression, "t"));
    }

    /**
     * A factor given by a Java or Kotlin function of the step: {@code lr = base * f(t)}. It prints as
     * {@code function(name)}, which cannot be parsed back; use {@link #function(String)} where the
     * text form matters.
     */
    static Schedule function(String name, LongToDoubleFunction factor) {
        return new LambdaSchedule(name, factor);
    }

    /** Reduce-on-plateau with PyTorch's defaults: factor 0.1, patience 10, mode min. */
    static Plateau plateau() {
        return Plateau.DEFAULT;
    }
}
