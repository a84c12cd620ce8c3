package dev.anneal.bench;

import static dev.anneal.Schedule.constant;
import static dev.anneal.Schedule.cosine;
import static dev.anneal.Schedule.linear;
import static dev.anneal.Schedule.step;
import static dev.anneal.Schedule.warmup;

import dev.anneal.ScheduleGraph;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Per-step evaluation of a compiled schedule: one {@link ScheduleGraph#lr(long, double)} call at a
 * step that changes on every invocation (a counter wrapped with a mask, so the JIT cannot fold the
 * step into a constant and every segment is visited). {@code warmupThenLinear} has the segments of
 * {@code warmupThenCosine} without {@code Math.cos}, which shows the graph's own cost; two references
 * measured the same way give the floor on the machine at hand: the counter alone, and
 * {@code Math.cos} alone (which any cosine schedule pays). Run with the {@code bench} profile of
 * {@code dsl/pom.xml}:
 * <pre>{@code
 * ./build.sh mvn -pl dsl -Pbench test-compile exec:exec
 * ./build.sh mvn -pl dsl -Pbench exec:exec -Djmh.args="ScheduleGraphBenchmark -prof gc -f 3"
 * }</pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class ScheduleGraphBenchmark {
    private static final double BASE = 0.1;

    private ScheduleGraph warmupThenCosine;
    private ScheduleGraph sixSegments;
    private ScheduleGraph warmupThenLinear;
    private long step;

    @Setup
    public void compile() {
        // steps 0..127: warmup (0..9), cosine or line (10..99), end value held (100..127)
        warmupThenCosine = warmup(10).then(cosine(90, 1e-6)).compile();
        warmupThenLinear = warmup(10).then(linear(90).endFactor(0.01)).compile();
        // steps 0..1023: segments start at 0, 50, 200, 500, 700 and 900
        sixSegments = warmup(50)
                .then(constant().lasting(150))
                .then(step(100).gamma(0.5).lasting(300))
                .then(cosine(200, 1e-3))
                .then(linear(200).startFactor(0.01).endFactor(0.001))
                .then(constant(0.001))
                .compile();
    }

    @Benchmark
    public double warmupThenCosine() {
        step = (step + 1) & 127;
        return warmupThenCosine.lr(step, BASE);
    }

    @Benchmark
    public double sixSegments() {
        step = (step + 1) & 1023;
        return sixSegments.lr(step, BASE);
    }

    /** The graph's own cost: the same steps and segments as warmupThenCosine, without Math.cos. */
    @Benchmark
    public double warmupThenLinear() {
        step = (step + 1) & 127;
        return warmupThenLinear.lr(step, BASE);
    }

    /** Reference: the step counter and JMH's own cost, with no schedule. */
    @Benchmark
    public double referenceCounter() {
        step = (step + 1) & 127;
        return step * BASE;
    }

    /** Reference: the cosine formula by hand at the same steps, the floor for any cosine schedule. */
    @Benchmark
    public double referenceMathCos() {
        step = (step + 1) & 127;
        return BASE * (1 + Math.cos(Math.PI * step / 90)) / 2;
    }
}
