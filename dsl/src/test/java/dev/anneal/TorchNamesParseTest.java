package dev.anneal;

import static dev.anneal.Schedule.parse;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.anneal.text.ScheduleParseException;
import dev.anneal.torch.ChainedScheduler;
import dev.anneal.torch.ConstantLR;
import dev.anneal.torch.CosineAnnealingLR;
import dev.anneal.torch.CosineAnnealingWarmRestarts;
import dev.anneal.torch.CyclicLR;
import dev.anneal.torch.ExponentialLR;
import dev.anneal.torch.LambdaLR;
import dev.anneal.torch.LinearLR;
import dev.anneal.torch.MultiStepLR;
import dev.anneal.torch.MultiplicativeLR;
import dev.anneal.torch.OneCycleLR;
import dev.anneal.torch.PolynomialLR;
import dev.anneal.torch.ReduceLROnPlateau;
import dev.anneal.torch.SequentialLR;
import dev.anneal.torch.StepLR;
import java.util.List;
import org.junit.jupiter.api.Test;

/** PyTorch-named schedulers in the text form: capitalised names with PyTorch's keyword arguments. */
class TorchNamesParseTest {

    private static String firstLine(String text) {
        ScheduleParseException e = assertThrows(ScheduleParseException.class, () -> parse(text));
        return e.getMessage().lines().findFirst().orElseThrow();
    }

    @Test
    void readsPythonStyleCalls() {
        assertEquals(new CosineAnnealingLR(10), parse("CosineAnnealingLR(T_max=10)"));
        assertEquals(new LambdaLR("0.95 ** epoch"), parse("LambdaLR(lr_lambda=\"0.95 ** epoch\")"));
        assertEquals(new LambdaLR("0.95 ** epoch"), parse("LambdaLR(lr_lambda='0.95 ** epoch')"));
        assertEquals(new SequentialLR(List.of(new LinearLR(0.1, 1.0, 5), new CosineAnnealingLR(15)), List.of(5L)),
                parse("SequentialLR(schedulers=[LinearLR(start_factor=0.1, total_iters=5), CosineAnnealingLR(T_max=15)], milestones=[5])"));
        assertEquals(OneCycleLR.of(0.1, 100L).three_phase(true), parse("OneCycleLR(max_lr=0.1, total_steps=100, three_phase=True)"));
        assertEquals(OneCycleLR.of(0.1, 100L), parse("OneCycleLR(max_lr=0.1, total_steps=100, epochs=None, three_phase=False)"));
    }

    @Test
    void everyPyTorchSchedulerReadsBackFromItsText() {
        List<Schedule> all = List.of(
                new LambdaLR("min(1.0, (epoch + 1) / 5)"), new MultiplicativeLR("0.95"), new StepLR(3, 0.5, 2),
                new MultiStepLR(List.of(8L, 2L, 2L), 0.2), new ConstantLR(0.5, 4), new ConstantLR(1.0 / 3, 5),
                new LinearLR(0.25, 0.75, 3), new ExponentialLR(0.9), new PolynomialLR(10, 2.0),
                new CosineAnnealingLR(8, 0.001), new CosineAnnealingLR(10, 1e-6, 4), new CosineAnnealingWarmRestarts(3, 2, 1e-3),
                ReduceLROnPlateau.of().mode("max").factor(0.5).patience(2).threshold(0.05, "abs").min_lr(1e-5),
                CyclicLR.of(0.002, 0.02).step_size_up(2).step_size_down(5.0).mode("exp_range").gamma(0.9)
                        .momentum(false, 0.8, 0.9),
                CyclicLR.of(0.01, 0.05).step_size_up(2.5).scale_fn("0.8 ** x", "iterations"),
                CyclicLR.of(0.01, 0.05).momentum(), OneCycleLR.of(0.3, 40L).pct_start(0.25).anneal_strategy("linear"),
                OneCycleLR.of(0.3, 40L).momentum(),
                new OneCycleLR(0.05, null, 4L, 10L, 0.3, "cos", false, 0.85, 0.95, 10.0, 100.0, true, -1),
                new ChainedScheduler(List.of(new CosineAnnealingLR(10), new ConstantLR(0.5, 3))),
                new SequentialLR(List.of(new LinearLR(0.25, 1.0, 3), new StepLR(2, 0.5), new ExponentialLR(0.8)),
                        List.of(3L, 8L)));
        for (Schedule s : all) {
            assertEquals(s, parse(s.toString()), s.toString());
            assertEquals(s.toString(), parse(s.toString()).toString());
        }
    }

    @Test
    void pyTorchSchedulersComposeWithNativeOnes() {
        Schedule s = Schedule.warmup(5).then(new CosineAnnealingLR(10).scale(0.5)).then(new StepLR(3).perEpoch());
        assertEquals("warmup(5) then 0.5 * CosineAnnealingLR(T_max=10) then StepLR(step_size=3).perEpoch()", s.toString());
        assertEquals(s, parse(s.toString()));
    }

    @Test
    void keywordValuesArePlainJavaValues() {
        assertEquals(new MultiStepLR(List.of(30L, 80L), 0.5), parse("MultiStepLR(milestones=[30, 80], gamma=0.5)"));
        assertEquals(new CosineAnnealingLR(10, 0.0, -1), parse("CosineAnnealingLR(T_max=10, eta_min=0.0, last_epoch=-1)"));
        assertEquals(new ExponentialLR(0.5), parse("ExponentialLR(gamma=5e-1)"));
    }

    @Test
    void pyTorchSchedulersTakeKeywordArgumentsOnly() {
        assertEquals("line 1, column 19: CosineAnnealingLR takes keyword arguments, as in PyTorch: e.g. StepLR(step_size=30, gamma=0.5)",
                firstLine("CosineAnnealingLR(10)"));
        assertEquals("line 1, column 29: CosineAnnealingLR: T_max is given twice", firstLine("CosineAnnealingLR(T_max=10, T_max=5)"));
        assertEquals("line 1, column 25: CosineAnnealingLR(T_max=2.epochs): T_max must be a number, a quoted string, True, "
                + "False, None, a list or a schedule", firstLine("CosineAnnealingLR(T_max=2.epochs)"));
        assertEquals("line 1, column 28: CyclicLR(mode=exp_range): mode must be a number, a quoted string, True, "
                + "False, None, a list or a schedule", firstLine("CyclicLR(base_lr=0.1, mode=exp_range)"));
    }

    @Test
    void pyTorchsErrorsArePlacedAtTheScheduler() {
        String unknown = firstLine("warmup(5) then CosineAnnealing(T_max=10)");
        assertTrue(unknown.startsWith("line 1, column 16: unknown PyTorch scheduler 'CosineAnnealing'; expected one of LambdaLR, "), unknown);
        String keyword = firstLine("warmup(5) then\n  CosineAnnealingLR(T_max=10, eta=0.1)");
        assertTrue(keyword.startsWith("line 2, column 3: TypeError: CosineAnnealingLR.__init__() got an unexpected keyword argument 'eta'"),
                keyword);
        ScheduleParseException e = assertThrows(ScheduleParseException.class, () -> parse("SequentialLR(schedulers=[StepLR(step_size=2)], milestones=[3])"));
        assertEquals(1, e.column());
        assertEquals("'SequentialLR(schedulers=[StepLR(step_...'", e.found());
        assertTrue(e.expected().startsWith("ValueError: Sequential Schedulers expects number of schedulers provided to be one more"),
                e.expected());
    }

    @Test
    void anUnknownLowerCaseNameAlsoListsPyTorchsNames() {
        assertTrue(firstLine("stepLR(step_size=3)").endsWith("piecewise, function, plateau, and PyTorch's LambdaLR, "
                + "MultiplicativeLR, StepLR, MultiStepLR, ConstantLR, LinearLR, ExponentialLR, SequentialLR, CosineAnnealingLR, "
                + "ChainedScheduler, ReduceLROnPlateau, CyclicLR, CosineAnnealingWarmRestarts, OneCycleLR, PolynomialLR"));
    }
}
