package dev.anneal.torch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.anneal.Schedule;
import dev.anneal.ScheduleException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The kwargs factory: PyTorch's names, defaults, per-group lists and argument errors. */
class TorchSchedulersTest {

    private static Map<String, Object> kw(Object... pairs) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            m.put((String) pairs[i], pairs[i + 1]);
        }
        return m;
    }

    @Test
    void createsTheRecordWithPyTorchsDefaults() {
        assertEquals(new StepLR(3, 0.1, -1), TorchSchedulers.create("StepLR", kw("step_size", 3L)));
        assertEquals(new ConstantLR(1.0 / 3, 5), TorchSchedulers.create("ConstantLR", kw()));
        assertEquals(new LinearLR(1.0 / 3, 1.0, 5), TorchSchedulers.create("LinearLR", kw("verbose", true)));
        assertEquals(new CosineAnnealingLR(10, 0.0), TorchSchedulers.create("CosineAnnealingLR", kw("T_max", 10L)));
        assertEquals(ReduceLROnPlateau.of(), TorchSchedulers.create("ReduceLROnPlateau", kw()));
        assertEquals(OneCycleLR.of(0.1, 100L), TorchSchedulers.create("OneCycleLR",
                kw("max_lr", 0.1, "total_steps", 100L)));
    }

    @Test
    void intsAreAcceptedForFloatsAndIntegralFloatsForCounts() {
        assertEquals(new StepLR(3, 1.0), TorchSchedulers.create("StepLR", kw("step_size", 3.0, "gamma", 1L)));
    }

    @Test
    void perGroupListsAreSplitWithPyTorchsLengthErrors() {
        List<Schedule> two = TorchSchedulers.create("LambdaLR", kw("lr_lambda", List.of("epoch // 3", "0.9 ** epoch")), 2);
        assertEquals(List.of(new LambdaLR("epoch // 3"), new LambdaLR("0.9 ** epoch")), two);
        TorchSchedulerException e = assertThrows(TorchSchedulerException.class,
                () -> TorchSchedulers.create("LambdaLR", kw("lr_lambda", List.of("1.0", "0.5"))));
        assertEquals("Expected 1 lr_lambdas, but got 2", e.pythonMessage());
        TorchSchedulerException cyclic = assertThrows(TorchSchedulerException.class,
                () -> TorchSchedulers.create("CyclicLR", kw("base_lr", 0.01, "max_lr", List.of(0.1, 0.2, 0.3)), 2));
        assertEquals("expected 2 values for max_lr, got 3", cyclic.pythonMessage());
        TorchSchedulerException plateau = assertThrows(TorchSchedulerException.class,
                () -> TorchSchedulers.create("ReduceLROnPlateau", kw("min_lr", List.of(0.0, 0.1)), 3));
        assertEquals("expected 3 min_lrs, got 2", plateau.pythonMessage());
    }

    @Test
    void compositesTakeMapsOrSchedules() {
        Map<String, Object> linear = kw("scheduler", "LinearLR", "params", kw("start_factor", 0.1, "total_iters", 5L));
        Schedule s = TorchSchedulers.create("SequentialLR",
                kw("schedulers", List.of(linear, new CosineAnnealingLR(15)), "milestones", List.of(5L)));
        assertEquals(new SequentialLR(List.of(new LinearLR(0.1, 1.0, 5), new CosineAnnealingLR(15)), List.of(5L)), s);
    }

    @Test
    void unknownClassOrKeywordNamesItAndTheValidOnes() {
        ScheduleException cls = assertThrows(ScheduleException.class,
                () -> TorchSchedulers.create("CosineLR", kw()));
        assertTrue(cls.getMessage().contains("'CosineLR'") && cls.getMessage().contains("CosineAnnealingLR"),
                cls.getMessage());
        TorchSchedulerException kw = assertThrows(TorchSchedulerException.class,
                () -> TorchSchedulers.create("StepLR", kw("step_size", 3L, "gama", 0.5)));
        assertEquals("TypeError", kw.pythonType());
        assertEquals("StepLR.__init__() got an unexpected keyword argument 'gama'", kw.pythonMessage());
        assertTrue(kw.getMessage().contains("step_size, gamma, last_epoch, verbose"), kw.getMessage());
        TorchSchedulerException missing = assertThrows(TorchSchedulerException.class,
                () -> TorchSchedulers.create("CyclicLR", kw()));
        assertEquals("CyclicLR.__init__() missing 2 required positional arguments: 'base_lr' and 'max_lr'",
                missing.pythonMessage());
    }

    @Test
    void pythonTypeChecksUseTheArgumentsPythonText() {
        TorchSchedulerException t0 = assertThrows(TorchSchedulerException.class,
                () -> TorchSchedulers.create("CosineAnnealingWarmRestarts", kw("T_0", 2.5)));
        assertEquals("Expected positive integer T_0, but got 2.5", t0.pythonMessage());
        TorchSchedulerException pct = assertThrows(TorchSchedulerException.class,
                () -> TorchSchedulers.create("OneCycleLR", kw("max_lr", 0.1, "total_steps", 10L, "pct_start", 0L)));
        assertEquals("Expected float between 0 and 1 pct_start, but got 0", pct.pythonMessage());
        TorchSchedulerException total = assertThrows(TorchSchedulerException.class,
                () -> TorchSchedulers.create("OneCycleLR", kw("max_lr", 0.1, "total_steps", 1e5)));
        assertEquals("Expected positive integer total_steps, but got 100000.0", total.pythonMessage());
        TorchSchedulerException pair = assertThrows(TorchSchedulerException.class,
                () -> TorchSchedulers.create("OneCycleLR", kw("max_lr", 0.1, "epochs", 3L)));
        assertEquals("'<=' not supported between instances of 'NoneType' and 'int'", pair.pythonMessage());
    }
}
