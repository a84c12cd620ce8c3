package dev.anneal.torch;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.anneal.Clock;
import dev.anneal.Schedule;
import dev.anneal.ScheduleGraph;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The graphs do not depend on the clock's total or on the order of evaluation. */
class TorchGraphTest {

    private static void assertSameEverywhere(Schedule s, double base) {
        ScheduleGraph unknownTotal = s.compile(Clock.steps());
        ScheduleGraph shortTable = s.compile(Clock.totalSteps(7));
        ScheduleGraph longTable = s.compile(Clock.totalSteps(200));
        for (int t = 150; t >= 0; t--) {
            double v = longTable.lr(t, base);
            assertEquals(v, unknownTotal.lr(t, base), 1e-12 * Math.abs(v), s + " at " + t);
            assertEquals(v, shortTable.lr(t, base), 1e-12 * Math.abs(v), s + " at " + t);
        }
    }

    @Test
    void tabulatedChainsGiveTheSameValuesBeyondTheTableAndInAnyOrder() {
        assertSameEverywhere(new ChainedScheduler(List.of(new CosineAnnealingLR(10, 0.01), new ConstantLR(0.5, 3))), 0.1);
        assertSameEverywhere(new ChainedScheduler(List.of(new LambdaLR("0.9 ** epoch"), new StepLR(4, 0.5))), 0.3);
    }

    @Test
    void epochDependentMultiplicativeLambdaGivesTheSameValuesBeyondTheTable() {
        assertSameEverywhere(new MultiplicativeLR("1.0 - 0.001 * epoch"), 0.2);
    }

    @Test
    void closedFormsAgreeWithThePyTorchRecursionOverLongRuns() {
        // PyTorch's recursion for CosineAnnealingLR(T_max=7, eta_min=0.01) step by step
        ScheduleGraph g = new CosineAnnealingLR(7, 0.01).compile();
        double lr = 0.1;
        for (int e = 1; e <= 5000; e++) {
            if ((e - 1 - 7) % 14 == 0) {
                lr = lr + (0.1 - 0.01) * (1 - Math.cos(Math.PI / 7)) / 2;
            } else {
                lr = (1 + Math.cos(Math.PI * e / 7)) / (1 + Math.cos(Math.PI * (e - 1) / 7)) * (lr - 0.01) + 0.01;
            }
            assertEquals(lr, g.lr(e, 0.1), 1e-10 * Math.abs(lr), "epoch " + e);
        }
    }
}
