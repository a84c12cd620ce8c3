package dev.anneal;

import static dev.anneal.Schedule.constant;
import static dev.anneal.Schedule.cosine;
import static dev.anneal.Schedule.cosineRestarts;
import static dev.anneal.Schedule.cyclic;
import static dev.anneal.Schedule.exponential;
import static dev.anneal.Schedule.function;
import static dev.anneal.Schedule.inverseSqrt;
import static dev.anneal.Schedule.linear;
import static dev.anneal.Schedule.multiStep;
import static dev.anneal.Schedule.oneCycle;
import static dev.anneal.Schedule.piecewise;
import static dev.anneal.Schedule.polynomial;
import static dev.anneal.Schedule.step;
import static dev.anneal.Schedule.warmup;
import static dev.anneal.Schedule.warmupStableDecay;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class ShapeFormulaTest {

    private static final double TOL = 1e-15;

    private static double at(Schedule s, long step, double base) {
        return s.compile().lr(step, base);
    }

    @Test
    void constantScalesTheBase() {
        assertEquals(0.1, at(constant(), 7, 0.1));
        assertEquals(0.05, at(constant(0.5), 7, 0.1));
    }

    @Test
    void warmupWithStartFactorStartsThere() {
        Schedule s = warmup(50).startFactor(0.1);
        assertEquals(0.01, at(s, 0, 0.1), TOL);
        assertEquals(0.01 + 0.09 * 25 / 50, at(s, 25, 0.1), TOL);
        assertEquals(0.1, at(s, 50, 0.1));
    }

    @Test
    void linearCooldownHoldsItsEndFactor() {
        Schedule s = linear(100).endFactor(0.1);
        assertEquals(1.0, at(s, 0, 1.0));
        assertEquals(0.55, at(s, 50, 1.0), TOL);
        assertEquals(0.1, at(s, 100, 1.0), TOL);
        assertEquals(0.1, at(s, 500, 1.0), TOL);
    }

    @Test
    void stepDecaysEveryStepSize() {
        Schedule s = step(5).gamma(0.5);
        assertEquals(0.1, at(s, 4, 0.1));
        assertEquals(0.05, at(s, 5, 0.1));
        assertEquals(0.025, at(s, 10, 0.1));
    }

    @Test
    void stepInEpochsCountsStepsPerEpoch() {
        ScheduleGraph g = step(Span.epochs(5)).gamma(0.5).compile(Clock.of(25, 250));
        assertEquals(0.1, g.lr(124, 0.1));
        assertEquals(0.05, g.lr(125, 0.1));
    }

    @Test
    void multiStepCountsMilestonesPassed() {
        Schedule s = multiStep(3, 6).gamma(0.1);
        assertEquals(1.0, at(s, 2, 1.0));
        assertEquals(0.1, at(s, 3, 1.0), TOL);
        assertEquals(0.01, at(s, 6, 1.0), TOL);
        assertEquals(0.01, at(s, 60, 1.0), TOL);
    }

    @Test
    void exponentialIsGammaToTheT() {
        assertEquals(0.1 * Math.pow(0.9, 7), at(exponential(0.9), 7, 0.1), TOL);
    }

    @Test
    void polynomialReachesItsEndFactorAndHolds() {
        Schedule s = polynomial(10).power(2.0);
        assertEquals(1.0, at(s, 0, 1.0));
        assertEquals(0.25, at(s, 5, 1.0), TOL);
        assertEquals(0.0, at(s, 10, 1.0));
        assertEquals(0.0, at(s, 20, 1.0));
        assertEquals(0.1 + 0.9 * 0.25, at(polynomial(10).power(2.0).endFactor(0.1), 5, 1.0), TOL);
    }

    @Test
    void periodicCosineRisesBackLikePyTorch() {
        Schedule s = cosine(10).periodic(true);
        assertEquals(0.0, at(s, 10, 0.1), TOL);
        assertEquals(0.1, at(s, 20, 0.1), TOL);
        assertEquals(0.05, at(s, 15, 0.1), TOL);
    }

    @Test
    void cosineWithoutTMaxSpansTheRestOfTraining() {
        ScheduleGraph g = warmup(10).then(cosine()).compile(Clock.totalSteps(110));
        assertEquals(0.05, g.lr(60, 0.1), TOL);
        assertEquals(0.0, g.lr(110, 0.1));
    }

    @Test
    void cosineRestartsGrowCyclesAndDecayPeaks() {
        Schedule s = cosineRestarts(3).tMult(2).etaMin(0.001);
        // cycles: [0,3) [3,9) [9,21)
        assertEquals(0.1, at(s, 0, 0.1));
        assertEquals(0.1, at(s, 3, 0.1));
        assertEquals(0.1, at(s, 9, 0.1));
        assertEquals(0.001 + 0.099 * (1 + Math.cos(Math.PI * 3 / 6)) / 2, at(s, 6, 0.1), TOL);
        Schedule decayed = cosineRestarts(4).decay(0.5);
        assertEquals(0.05, at(decayed, 4, 0.1), TOL);
        assertEquals(0.025, at(decayed, 8, 0.1), TOL);
    }

    @Test
    void oneCyclePeaksAtTheBaseAndEndsAtTheMinimum() {
        ScheduleGraph g = oneCycle(100).compile();
        assertEquals(0.1 / 25, g.lr(0, 0.1), 1e-17);
        assertEquals(0.1, g.lr(29, 0.1), TOL);
        assertEquals(0.1 / 25 / 1e4, g.lr(99, 0.1), 1e-18);
        assertEquals(0.1 / 25 / 1e4, g.lr(500, 0.1), 1e-18);
        ScheduleGraph m = oneCycle(100).momentum().compile();
        assertEquals(0.95, m.lr(0, 0.1), TOL);
        assertEquals(0.85, m.lr(29, 0.1), TOL);
        assertEquals(0.95, m.lr(99, 0.1), TOL);
    }

    @Test
    void oneCycleWithMaxLrIgnoresTheBase() {
        assertEquals(0.2, oneCycle(100).maxLr(0.2).compile().lr(29, 123.0), TOL);
    }

    @Test
    void cyclicTriangleBetweenBaseAndMaxLr() {
        Schedule s = cyclic(0.006, 4);
        assertEquals(0.001, at(s, 0, 0.001), TOL);
        assertEquals(0.006, at(s, 4, 0.001), TOL);
        assertEquals(0.0035, at(s, 2, 0.001), TOL);
        assertEquals(0.001, at(s, 8, 0.001), TOL);
        Schedule halving = cyclic(0.1, 3).mode(Cyclic.Mode.TRIANGULAR2);
        assertEquals(0.01 + 0.09 / 2, at(halving, 9, 0.01), TOL);
        ScheduleGraph momentum = cyclic(0.006, 4).momentum().compile();
        assertEquals(0.9, momentum.lr(0, 0.001), TOL);
        assertEquals(0.8, momentum.lr(4, 0.001), TOL);
    }

    @Test
    void inverseSqrtWarmsUpThenDecays() {
        Schedule s = inverseSqrt(100);
        assertEquals(0.5, at(s, 50, 1.0), TOL);
        assertEquals(1.0, at(s, 100, 1.0), TOL);
        assertEquals(0.5, at(s, 400, 1.0), TOL);
    }

    @Test
    void warmupStableDecayShapes() {
        WarmupStableDecay s = warmupStableDecay(10, 20, 10);
        assertEquals(0.5, at(s, 5, 1.0), TOL);
        assertEquals(1.0, at(s, 29, 1.0));
        assertEquals(0.5, at(s, 35, 1.0), TOL);
        assertEquals(0.0, at(s, 40, 1.0));
        assertEquals(1 - Math.sqrt(0.2), at(s.shape(WarmupStableDecay.Shape.ONE_MINUS_SQRT), 32, 1.0), 1e-12);
        assertEquals(0.5, at(s.shape(WarmupStableDecay.Shape.COSINE), 35, 1.0), TOL);
    }

    @Test
    void piecewiseConstantAndLinear() {
        Piecewise p = piecewise().at(0, 1.0).at(100, 0.5).at(200, 0.1);
        assertEquals(1.0, at(p, 99, 1.0));
        assertEquals(0.5, at(p, 150, 1.0));
        assertEquals(0.1, at(p, 900, 1.0));
        assertEquals(0.75, at(p.linear(), 50, 1.0), TOL);
        assertEquals(0.3, at(p.linear(), 150, 1.0), TOL);
    }

    @Test
    void functionOfTimeUsesPythonArithmetic() {
        Schedule s = function("min(1.0, (t + 1) / 5)");
        assertEquals(0.06, at(s, 0, 0.3), TOL);
        assertEquals(0.3, at(s, 9, 0.3), TOL);
        assertEquals(0.1 * 2, at(function("t // 3"), 7, 0.1), TOL);
    }

    @Test
    void productComposesFactors() {
        Schedule s = warmup(10).times(exponential(0.5));
        assertEquals(0.5 * Math.pow(0.5, 5), at(s, 5, 1.0), TOL);
        assertEquals(Math.pow(0.5, 12), at(s, 12, 1.0), TOL);
    }

    @Test
    void scaleClampLastingPerEpoch() {
        assertEquals(0.05, at(cosine(10).scale(0.5), 0, 0.1), TOL);
        assertEquals(0.02, at(constant().clamp(0.0, 0.02), 3, 0.1));
        assertEquals(0.001, at(exponential(0.1).clamp(0.001, 1.0), 9, 1.0));
        ScheduleGraph g = exponential(0.5).lasting(3).then(constant(0.1)).compile();
        assertEquals(0.25, g.lr(2, 1.0));
        assertEquals(0.1, g.lr(3, 1.0), TOL);
        ScheduleGraph e = cosine(10).periodic(true).perEpoch().compile(Clock.of(25, 500));
        assertEquals(e.lr(250, 0.1), e.lr(274, 0.1));
        assertEquals(0.0, e.lr(250, 0.1), TOL);
        assertEquals(0.1, e.lr(500, 0.1), TOL);
    }
}
