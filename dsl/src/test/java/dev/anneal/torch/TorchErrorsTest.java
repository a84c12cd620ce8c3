package dev.anneal.torch;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.anneal.Clock;
import dev.anneal.Schedule;
import dev.anneal.ScheduleGraph;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** What PyTorch rejects is rejected at the same moment, with PyTorch's exception type and message. */
class TorchErrorsTest {

    private static void assertRaises(String type, String message, Executable code) {
        TorchSchedulerException e = assertThrows(TorchSchedulerException.class, code);
        assertEquals(type, e.pythonType());
        assertEquals(message, e.pythonMessage());
    }

    /** Steps 0..k-1 evaluate, step k raises. */
    private static void assertRaisesAtStep(Schedule s, int k, String type, String message) {
        ScheduleGraph g = s.compile(Clock.totalSteps(k + 5));
        for (int t = 0; t < k; t++) {
            int step = t;
            assertDoesNotThrow(() -> g.lr(step, 0.1), s + " at step " + t);
        }
        assertRaises(type, message, () -> g.lr(k, 0.1));
    }

    @Test
    void constructorsRejectWhatPyTorchsConstructorsReject() {
        assertRaises("ValueError", "Constant multiplicative factor expected to be between 0 and 1.",
                () -> new ConstantLR(1.5, 5));
        assertRaises("ValueError", "Starting multiplicative factor expected to be between 0 and 1.",
                () -> new LinearLR(1.5, 2.0, 5));
        assertRaises("ValueError", "Ending multiplicative factor expected to be between 0 and 1.",
                () -> new LinearLR(0.5, 2.0, 5));
        assertRaises("ValueError", "Expected positive integer T_0, but got -1",
                () -> new CosineAnnealingWarmRestarts(-1));
        assertRaises("ValueError", "Expected integer T_mult >= 1, but got 0",
                () -> new CosineAnnealingWarmRestarts(5, 0, 0.0));
        assertRaises("ValueError", "Factor should be < 1.0.", () -> ReduceLROnPlateau.of().factor(1.0));
        assertRaises("ValueError", "mode avg is unknown!", () -> ReduceLROnPlateau.of().mode("avg"));
        assertRaises("ValueError", "mode is invalid and scale_fn is None", () -> CyclicLR.of(0.01, 0.1).mode("sine"));
        assertRaises("ValueError", "You must define either total_steps OR (epochs AND steps_per_epoch)",
                () -> OneCycleLR.of(0.1, null));
        assertRaises("ValueError", "Sequential Schedulers expects number of schedulers provided to be one more than "
                        + "the number of milestone points, but got number of schedulers 2 and the number of milestones "
                        + "to be equal to 2",
                () -> new SequentialLR(List.of(new LinearLR(0.5, 1.0, 5), new ExponentialLR(0.9)), List.of(2L, 4L)));
    }

    @Test
    void oneCycleWithAPhaseOfLengthZeroDividesByZeroAtConstruction() {
        assertRaises("ZeroDivisionError", "float division by zero", () -> OneCycleLR.of(0.1, 10L).pct_start(0.1));
    }

    @Test
    void lateArithmeticErrorsRaiseAtTheStepPyTorchRaisesThem() {
        assertRaisesAtStep(new StepLR(0), 1, "ZeroDivisionError", "integer modulo by zero");
        assertRaisesAtStep(new ConstantLR(0.0, 3), 3, "ZeroDivisionError", "float division by zero");
        assertRaisesAtStep(new LinearLR(0.0, 1.0, 5), 1, "ZeroDivisionError", "float division by zero");
        assertRaisesAtStep(new CosineAnnealingLR(0), 1, "ZeroDivisionError", "integer modulo by zero");
        assertRaisesAtStep(new PolynomialLR(4, -1.0), 4, "ZeroDivisionError", "0.0 cannot be raised to a negative power");
        assertRaisesAtStep(new LambdaLR("1 / (epoch - 3)"), 3, "ZeroDivisionError", "division by zero");
    }

    @Test
    void oneCycleRaisesOnTheStepAfterItsLastIndex() {
        assertRaisesAtStep(OneCycleLR.of(0.1, 10L), 11, "ValueError",
                "Tried to step 12 times. The specified number of total steps is 10");
    }

    @Test
    void chainedSchedulerRaisesTheEarliestChildErrorFirst() {
        ChainedScheduler s = new ChainedScheduler(List.of(new ConstantLR(0.0, 4), new StepLR(0)));
        assertRaisesAtStep(s, 1, "ZeroDivisionError", "integer modulo by zero");
        ChainedScheduler later = new ChainedScheduler(List.of(new ConstantLR(0.0, 4), new ExponentialLR(0.9)));
        assertRaisesAtStep(later, 4, "ZeroDivisionError", "float division by zero");
    }

    @Test
    void resumingWithoutInitialLrIsAKeyErrorOfTheGroup() {
        assertRaises("KeyError", "param 'initial_lr' is not specified in param_groups[0] when resuming an optimizer",
                () -> new ExponentialLR(0.9, 2).base(0, 0.1, null));
        assertEquals(0.1, new ExponentialLR(0.9).base(0, 0.1, null), 0.0);
    }
}
