package dev.anneal.torch;

import static dev.anneal.torch.Values.assertValues;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.anneal.Clock;
import dev.anneal.RunState;
import dev.anneal.ScheduleGraph;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * PyTorch 1.13.1's behaviours, quirks included. Expected values are PyTorch's own: copied from a case of
 * {@code shared/parity} or, where no case has them, PyTorch 1.13.1's formula worked by hand in double
 * precision (Python floats), as the comment at the test shows.
 */
class TorchQuirksTest {

    @Test
    void constantAndLinearWithZeroTotalItersStayAtTheirStartFactorForever() {
        assertValues(new ConstantLR(0.25, 0), 0.1, 0.025, 0.025, 0.025, 0.025, 0.025);
        assertValues(new LinearLR(0.5, 1.0, 0), 0.1, 0.05, 0.05, 0.05, 0.05, 0.05);
    }

    @Test
    void polynomialWithZeroTotalItersHoldsTheBase() {
        assertValues(new PolynomialLR(0, 1.0), 0.1, 0.1, 0.1, 0.1, 0.1, 0.1);
    }

    @Test
    void linearDecayToZeroEndsAtPyTorchsTinyResidueWithinTolerance() {
        ScheduleGraph g = new LinearLR(0.9, 0.0, 6).compile();
        assertEquals(0.09000000000000001, g.lr(0, 0.1), 1e-18);
        assertEquals(0.030000000000000013, g.lr(4, 0.1), 1e-15);
        assertEquals(4.9960036108132066e-18, g.lr(6, 0.1), 1e-15);
    }

    @Test
    void multiStepMilestonesAreAMultisetAndMilestoneZeroAppliesAtConstruction() {
        assertValues(new MultiStepLR(List.of(3L, 3L, 5L), 0.5), 0.1, 0.1, 0.1, 0.1, 0.025, 0.025, 0.0125, 0.0125);
        assertValues(new MultiStepLR(List.of(5L, 3L, 3L), 0.5), 0.1, 0.1, 0.1, 0.1, 0.025, 0.025, 0.0125, 0.0125);
        assertValues(new MultiStepLR(List.of(0L, 4L), 0.5), 0.1, 0.05, 0.05, 0.05, 0.05, 0.025, 0.025);
    }

    @Test
    void cosineAnnealingContinuesPeriodicallyPastTMax() {
        assertValues(new CosineAnnealingLR(1), 0.1, 0.1, 0.0, 0.1, 0.0, 0.1, 0.0, 0.1);
        ScheduleGraph g = new CosineAnnealingLR(10).compile();
        assertEquals(0.0, g.lr(10, 0.1), 1e-18);
        assertEquals(0.1, g.lr(20, 0.1), 1e-15);
        assertEquals(0.05, g.lr(25, 0.1), 1e-15);
    }

    @Test
    void chainedSchedulerAppliesConstructionStepsInOrderWithoutResetting() {
        ChainedScheduler docstring = new ChainedScheduler(List.of(new ConstantLR(0.1, 2), new ExponentialLR(0.9)));
        assertValues(docstring, 1.0, 0.1, 0.09000000000000001, 0.8100000000000002, 0.7290000000000002,
                0.6561000000000002, 0.5904900000000002);
    }

    @Test
    void cosineInsideChainedSchedulerReanchorsOnTheBaseAfterTheTrough() {
        ChainedScheduler s = new ChainedScheduler(List.of(new CosineAnnealingLR(10), new ConstantLR(0.5, 3)));
        // the descending half keeps ConstantLR's scaling until it is undone at epoch 3; after the trough
        // at 10 the rise has the full amplitude of the base
        assertValues(s, 0.1, 0.05, 0.048776412907378844, 0.04522542485937369, 0.07938926261462367,
                0.06545084971874739, 0.05000000000000001, 0.03454915028125264, 0.020610737385376353,
                0.009549150281252635, 0.002447174185242324, 0.0, 0.0024471741852423235, 0.009549150281252666);
    }

    @Test
    void sequentialRestartsEachSchedulerFromItsClosedFormAtTheMilestone() {
        SequentialLR docstring = new SequentialLR(List.of(new ConstantLR(0.1, 2), new ExponentialLR(0.9)), List.of(2L));
        assertValues(docstring, 1.0, 0.1, 0.1, 1.0, 0.9, 0.81, 0.7290000000000001, 0.6561000000000001);
    }

    @Test
    void sequentialDoesNotResetMultiplicativeLR() {
        SequentialLR s = new SequentialLR(List.of(new LinearLR(0.5, 1.0, 4), new MultiplicativeLR("0.9")), List.of(4L));
        assertValues(s, 0.1, 0.05, 0.0625, 0.075, 0.08750000000000001, 0.08750000000000001, 0.07875000000000001,
                0.07087500000000002);
    }

    @Test
    void sequentialMilestoneZeroNeverFiresSoTheWarmupFactorPersists() {
        SequentialLR s = new SequentialLR(List.of(new LinearLR(0.5, 1.0, 5), new ExponentialLR(0.9)), List.of(0L));
        assertValues(s, 0.1, 0.05, 0.05, 0.045000000000000005, 0.04050000000000001, 0.03645000000000001);
    }

    @Test
    void oneCycleExtrapolatesIndexTAndGoesNegativeWhenLinear() {
        // Worked by hand: max_lr 0.1, total_steps 10, so initial_lr = 0.1 / 25 = 0.004 and
        // min_lr = 0.004 / 1e4 = 4e-07; the phases end at float(0.3 * 10) - 1 = 2.0 and 10 - 1 = 9.
        // get_lr accepts step_num 10 (it raises only for step_num > total_steps) and takes the last
        // phase: pct = (10 - 2.0) / (9 - 2.0) = 8/7.
        // linear: (min_lr - max_lr) * pct + max_lr = (4e-07 - 0.1) * (8/7) + 0.1 = -0.014285257142857138
        // cos (also parity case err_onecycle_beyond_total, steps 9 and 10):
        //   min_lr + (max_lr - min_lr) / 2 * (cos(pi * 8/7) + 1) = 0.004951936798652624;
        //   at step 9, pct = 1: 4e-07
        ScheduleGraph g = OneCycleLR.of(0.1, 10L).anneal_strategy("linear").compile();
        assertEquals(-0.014285257142857138, g.lr(10, 1.0), 1e-15);
        ScheduleGraph cos = OneCycleLR.of(0.1, 10L).compile();
        assertEquals(0.004951936798652624, cos.lr(10, 1.0), 1e-15);
        assertEquals(4e-07, cos.lr(9, 1.0), 1e-18);
    }

    @Test
    void oneCycleStartsInThePhaseOfItsFractionalEnds() {
        // Worked by hand: max_lr 0.2, total_steps 7, pct_start 0.5, linear: initial_lr = 0.008,
        // min_lr = 8e-07; the first phase ends at float(0.5 * 7) - 1 = 2.5, so step 2 is still rising
        // ((0.2 - 0.008) * (2 / 2.5) + 0.008 = 0.16160000000000002) and step 3 is already in the second
        // phase, which starts at 2.5: pct = (3 - 2.5) / (6 - 2.5) = 1/7,
        // lr = (8e-07 - 0.2) * (1/7) + 0.2 = 0.1714286857142857, the highest value drawn; max_lr is never reached.
        OneCycleLR s = OneCycleLR.of(0.2, 7L).pct_start(0.5).anneal_strategy("linear");
        ScheduleGraph g = s.compile();
        double peak = 0.0;
        for (int t = 0; t <= 7; t++) {
            peak = Math.max(peak, g.lr(t, 1.0));
        }
        assertEquals(0.1714286857142857, peak, 1e-15);
    }

    @Test
    void cyclicUsesPyTorchsFloatExpressionForThePhase() {
        // Worked by hand: total_size = 3.0 + 7.0 = 10.0, step_ratio = 3.0 / 10.0 = 0.3;
        // cycle = floor(1 + e / total_size), x = 1. + e / total_size - cycle, and scale = x / step_ratio
        // when x <= step_ratio, else (x - 1) / (step_ratio - 1); lr = base_lr + (max_lr - base_lr) * scale.
        // e=3: cycle 1, x = 1.3 - 1 = 0.30000000000000004 > 0.3, so the falling branch:
        //      (x - 1) / (0.3 - 1) = 1.0
        // e=10: cycle 2, x = 0.0, lr 0.0
        // e=13: cycle 2, x = 2.3 - 2 = 0.2999999999999998 <= 0.3, rising: x / 0.3 = 0.9999999999999994
        ScheduleGraph g = CyclicLR.of(0.0, 1.0).step_size_up(3).step_size_down(7.0).compile();
        assertEquals(1.0, g.lr(3, 0.5), 0.0);
        assertEquals(0.0, g.lr(10, 0.5), 0.0);
        assertEquals(0.9999999999999994, g.lr(13, 0.5), 0.0);
    }

    @Test
    void cyclicCustomScaleFunctionAndItsMomentum() {
        CyclicLR s = CyclicLR.of(0.01, 0.05).step_size_up(3).scale_fn("0.8 ** x", "cycle");
        assertValues(s, 0.1, 0.01, 0.020666666666666673, 0.03133333333333333, 0.042, 0.031333333333333345,
                0.02066666666666666, 0.01, 0.01853333333333335);
        assertValues(s.momentum(), 0.9, 0.9, 0.8733333333333333, 0.8466666666666667, 0.8200000000000001,
                0.8466666666666667, 0.8733333333333334, 0.9, 0.8786666666666666);
    }

    @Test
    void resumedChainableSchedulerContinuesFromTheGroupsLr() {
        StepLR s = new StepLR(2, 0.5, 3);
        assertEquals(0.025, s.base(0, 0.025, 0.1), 0.0);
        assertValues(s, s.base(0, 0.025, 0.1), 0.0125, 0.0125, 0.00625, 0.00625, 0.003125, 0.003125, 0.0015625);
    }

    @Test
    void resumedWarmRestartsCatchUpOneCyclePerStep() {
        // T_cur starts at last_epoch = 12 with T_i = 5: 13 -> 8, 9 -> 4, then regular
        CosineAnnealingWarmRestarts s = new CosineAnnealingWarmRestarts(5, 1, 0.0, 12);
        double b = 0.1;
        assertValues(s, b, b * (1 + Math.cos(Math.PI * 8 / 5)) / 2, b * (1 + Math.cos(Math.PI * 4 / 5)) / 2, b,
                b * (1 + Math.cos(Math.PI * 1 / 5)) / 2);
    }

    @Test
    void reduceOnPlateauStopsReducingOnceAReductionWouldBeAtMostEps() {
        ReduceLROnPlateau p = ReduceLROnPlateau.of().patience(0).factor(0.5).eps(0.02);
        ScheduleGraph g = p.compile(Clock.steps());
        RunState state = g.newRunState();
        double[] expected = {0.1, 0.1, 0.05, 0.025, 0.025, 0.025};
        for (int k = 0; k < expected.length; k++) {
            if (k > 0) {
                state.observe(k, 1.0);
            }
            assertEquals(expected[k], g.lr(k, 0.1, state), 0.0, "step " + k);
        }
    }
}
