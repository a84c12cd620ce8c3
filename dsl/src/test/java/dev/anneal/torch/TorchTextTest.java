package dev.anneal.torch;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.anneal.Schedule;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Each record prints as a Python-style call with PyTorch's names, and reads back to an equal record. */
class TorchTextTest {

    @Test
    void printsPythonStyleCallsWithoutDefaults() {
        assertEquals("CosineAnnealingLR(T_max=10)", new CosineAnnealingLR(10).toString());
        assertEquals("StepLR(step_size=3, gamma=0.5)", new StepLR(3, 0.5).toString());
        assertEquals("LambdaLR(lr_lambda=\"0.95 ** epoch\")", new LambdaLR("0.95 ** epoch").toString());
        assertEquals("CyclicLR(base_lr=0.01, max_lr=0.1, mode=\"triangular2\")",
                CyclicLR.of(0.01, 0.1).mode("triangular2").toString());
        assertEquals("SequentialLR(schedulers=[LinearLR(start_factor=0.1, total_iters=4), CosineAnnealingLR(T_max=15)], "
                        + "milestones=[4])",
                new SequentialLR(List.of(new LinearLR(0.1, 1.0, 4), new CosineAnnealingLR(15)), List.of(4L)).toString());
        assertEquals("LinearLR(start_factor=0.1)", new LinearLR(0.1, 1.0, 5).toString());
        assertEquals("OneCycleLR(max_lr=0.1, total_steps=100, three_phase=True)",
                OneCycleLR.of(0.1, 100L).three_phase(true).toString());
        assertEquals("CosineAnnealingLR(T_max=10, eta_min=1e-6, last_epoch=4)",
                new CosineAnnealingLR(10, 1e-6, 4).toString());
    }

    @Test
    void everyRecordReadsBackFromItsText() {
        List<Schedule> all = List.of(
                new LambdaLR("min(1.0, (epoch + 1) / 5)"), new MultiplicativeLR("0.95"), new StepLR(3, 0.5, 2),
                new MultiStepLR(List.of(8L, 2L, 2L), 0.2), new ConstantLR(0.5, 4), new ConstantLR(1.0 / 3, 5),
                new LinearLR(0.25, 0.75, 3), new ExponentialLR(0.9), new PolynomialLR(10, 2.0),
                new CosineAnnealingLR(8, 0.001), new CosineAnnealingWarmRestarts(3, 2, 1e-3),
                ReduceLROnPlateau.of().mode("max").factor(0.5).patience(2).threshold(0.05, "abs").min_lr(1e-5),
                CyclicLR.of(0.002, 0.02).step_size_up(2).step_size_down(5.0).mode("exp_range").gamma(0.9)
                        .momentum(false, 0.8, 0.9),
                CyclicLR.of(0.01, 0.05).step_size_up(2.5).scale_fn("0.8 ** x", "iterations"),
                OneCycleLR.of(0.3, 40L).pct_start(0.25).anneal_strategy("linear"),
                new OneCycleLR(0.05, null, 4L, 10L, 0.3, "cos", false, 0.85, 0.95, 10.0, 100.0, true, -1),
                new ChainedScheduler(List.of(new CosineAnnealingLR(10), new ConstantLR(0.5, 3))),
                new SequentialLR(List.of(new LinearLR(0.25, 1.0, 3), new StepLR(2, 0.5), new ExponentialLR(0.8)),
                        List.of(3L, 8L)));
        for (Schedule s : all) {
            assertEquals(s, PyCallReader.read(s.toString()), s.toString());
        }
    }
}
