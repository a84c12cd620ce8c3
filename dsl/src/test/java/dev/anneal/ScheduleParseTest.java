package dev.anneal;

import static dev.anneal.Schedule.constant;
import static dev.anneal.Schedule.cosine;
import static dev.anneal.Schedule.cyclic;
import static dev.anneal.Schedule.exponential;
import static dev.anneal.Schedule.linear;
import static dev.anneal.Schedule.oneCycle;
import static dev.anneal.Schedule.parse;
import static dev.anneal.Schedule.warmup;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What the text form accepts and what it means: arguments, values, precedence, layout. */
class ScheduleParseTest {

    @Test
    void readsTheIssuesExample() {
        assertEquals(warmup(10).then(cosine(90, 1e-6)), parse("warmup(10) then cosine(tMax=90, etaMin=1e-6)"));
    }

    @Test
    void positionalArgumentsFollowTheRecordsOrder() {
        assertEquals(cosine(90, 1e-6), parse("cosine(90, 1e-6)"));
        assertEquals(cosine(90, 1e-6).periodic(true), parse("cosine(90, etaMin=1e-6, periodic=true)"));
        assertEquals(linear(200).startFactor(0.5).endFactor(0.1), parse("linear(200, 0.5, 0.1)"));
        assertEquals(cyclic(0.1, 4).stepDown(6), parse("cyclic(0.1, 4, 6)"));
        assertEquals(warmup(5).startFactor(0.1), parse("warmup(length=5, startFactor=0.1)"));
    }

    @Test
    void lengthsAreStepsUnlessTheyNameTheirUnit() {
        assertEquals(warmup(Span.epochs(2)).startFactor(0.1), parse("warmup(2.epochs, startFactor=0.1)"));
        assertEquals(warmup(500), parse("warmup(500.steps)"));
        assertEquals(warmup(Span.epochs(3)), parse("warmup(3 . epochs)"));
        assertEquals(Schedule.multiStep(List.of(Span.epochs(30), Span.steps(8000))), parse("multiStep(milestones=[30.epochs, 8000])"));
    }

    @Test
    void readsEveryKindOfValue() {
        assertEquals(Schedule.piecewise().at(0, 1.0).at(Span.epochs(2), 0.5).linear(),
                parse("piecewise(points=[0: 1.0, 2.epochs: 0.5], interpolation=linear)"));
        assertEquals(Schedule.piecewise(), parse("piecewise(points=[])"));
        assertEquals(cyclic(0.1, 4).mode(Cyclic.Mode.EXP_RANGE).gamma(0.99), parse("cyclic(maxLr=0.1, stepUp=4, mode=expRange, gamma=0.99)"));
        assertEquals(cyclic(0.05, 3).scaleFn("0.8 ** x", Cyclic.ScaleMode.ITERATIONS),
                parse("cyclic(maxLr=0.05, stepUp=3, scaleFn='0.8 ** x', scaleMode=iterations)"));
        assertEquals(cosine().periodic(true), parse("cosine(tMax=None, periodic=True)"));
        assertEquals(cosine(), parse("cosine(tMax=null, periodic=False)"));
        assertEquals(oneCycle(100).maxLr(0.1).anneal(OneCycle.Anneal.LINEAR).threePhase(true),
                parse("oneCycle(total=100, maxLr=0.1, anneal=linear, threePhase=true)"));
        assertEquals(Schedule.plateau().mode(Plateau.Mode.MAX).thresholdMode(Plateau.ThresholdMode.ABS).patience(-1),
                parse("plateau(mode=max, thresholdMode=abs, patience=-1)"));
        assertEquals(constant().clamp(Double.NEGATIVE_INFINITY, 0.1), parse("constant().clamp(min=-inf, max=0.1)"));
        assertEquals(Schedule.function("min(1.0, (t + 1) / 5)"), parse("function(\"min(1.0, (t + 1) / 5)\")"));
        assertEquals(Schedule.warmupStableDecay(100, 800, 100).shape(WarmupStableDecay.Shape.ONE_MINUS_SQRT),
                parse("warmupStableDecay(warmup=100, stable=800, decay=100, shape=oneMinusSqrt)"));
        assertEquals(exponential(0.5), parse("exponential(gamma=5e-1,)"));
    }

    @Test
    void thenBindsLooserThanTimes() {
        Schedule a = warmup(5);
        Schedule b = cosine(10);
        Schedule c = exponential(0.9);
        assertEquals(a.then(b.times(c)), parse("warmup(5) then cosine(tMax=10) * exponential(gamma=0.9)"));
        assertEquals(a.times(b).then(c), parse("warmup(5) * cosine(tMax=10) then exponential(gamma=0.9)"));
        assertEquals(a.times(b.then(c)), parse("warmup(5) * (cosine(tMax=10) then exponential(gamma=0.9))"));
    }

    @Test
    void timesIsLeftAssociativeAndANumberOnTheLeftScales() {
        Schedule a = warmup(5);
        Schedule b = cosine(10);
        assertEquals(a.scale(0.5).times(b), parse("0.5 * warmup(5) * cosine(10)"));
        assertEquals(a.times(b).scale(0.5), parse("0.5 * (warmup(5) * cosine(10))"));
        assertEquals(a.times(b).times(a), parse("warmup(5) * cosine(10) * warmup(5)"));
        assertEquals(a.times(b.times(a)), parse("warmup(5) * (cosine(10) * warmup(5))"));
        assertEquals(b.scale(-2.0), parse("-2 * cosine(10)"));
    }

    @Test
    void postfixMethodsBindTighterThanOperators() {
        Schedule a = constant();
        Schedule b = cosine(10);
        assertEquals(a.then(b).lasting(3), parse("(constant() then cosine(10)).lasting(3)"));
        assertEquals(a.lasting(3).then(b), parse("constant().lasting(3) then cosine(10)"));
        assertEquals(b.scale(0.5).perEpoch(), parse("(0.5 * cosine(10)).perEpoch()"));
        assertEquals(b.perEpoch().scale(0.5), parse("0.5 * cosine(10).perEpoch()"));
        assertEquals(oneCycle(100).momentum().clamp(0.9, Double.POSITIVE_INFINITY), parse("oneCycle(100).momentum().clamp(0.9)"));
    }

    @Test
    void thenChainsFlattenHoweverTheyAreGrouped() {
        Schedule abc = warmup(1).then(warmup(2)).then(warmup(3));
        assertEquals(abc, parse("warmup(1) then (warmup(2) then warmup(3))"));
        assertEquals(abc, parse("(warmup(1) then warmup(2)) then warmup(3)"));
        assertEquals(3, ((Sequence) parse("warmup(1) then warmup(2) then warmup(3)")).parts().size());
    }

    @Test
    void aLongThenChainIsFlatNotDeep() {
        String text = String.join(" then ", Collections.nCopies(5_000, "warmup(1)"));
        Schedule s = parse(text);
        assertEquals(5_000, ((Sequence) s).parts().size());
        assertEquals(text, s.toString());
    }

    @Test
    void whitespaceNewlinesAndCommentsGoAnywhere() {
        String text = """
                # warm up, then anneal
                warmup(
                    10,          # steps
                    startFactor = 0.1
                )
                then   cosine(tMax=90,
                              etaMin=1e-6)   # to the floor
                """;
        assertEquals(warmup(10).startFactor(0.1).then(cosine(90, 1e-6)), parse(text));
        assertEquals(constant(), parse("\r\n\tconstant (\t) # end"));
    }

    @Test
    void printsBackAsWhatItRead() {
        List<String> texts = new ArrayList<>(List.of(
                "warmup(10) then cosine(tMax=90, etaMin=1e-6)",
                "warmup(2.epochs, startFactor=0.1)",
                "step(stepSize=5.epochs, gamma=0.5)",
                "multiStep(milestones=[30, 80])",
                "piecewise(points=[0: 1.0, 100: 0.5], interpolation=linear)",
                "cyclic(maxLr=0.1, stepUp=4, mode=triangular2)",
                "0.5 * cosine(tMax=10)",
                "(warmup(5) then constant()).clamp(max=0.1)",
                "0.5 * warmup(5) * cosine(tMax=10)",
                "-0.0 * (warmup(5) then cosine())",
                "cyclic(maxLr=0.05, stepUp=3, scaleFn=\"0.8 ** x\").momentum().lasting(10.epochs)",
                "oneCycle(total=1000, maxLr=0.1, pctStart=0.25).momentum()",
                "exponential(gamma=0.99).perEpoch()",
                "inverseSqrt(warmup=4000, timescale=10000)",
                "cosineRestarts(t0=50, tMult=2, etaMin=1e-5, decay=0.5)",
                "polynomial(1000, power=2.0, endFactor=0.1)",
                "plateau(mode=max, factor=0.5, patience=2, threshold=0.01, thresholdMode=abs, cooldown=1, minLr=1e-6, eps=0.0)",
                "constant(factor=0.5).clamp(min=-inf)"));
        for (String text : texts) {
            assertEquals(text, parse(text).toString());
        }
    }
}
