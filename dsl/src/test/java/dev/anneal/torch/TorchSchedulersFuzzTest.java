package dev.anneal.torch;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.anneal.Clock;
import dev.anneal.Schedule;
import dev.anneal.ScheduleException;
import dev.anneal.ScheduleGraph;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Any keyword arguments (as the text parser hands them over) give a schedule or a ScheduleException,
 * and a built schedule's graph gives a value or a TorchSchedulerException: never another exception.
 */
class TorchSchedulersFuzzTest {
    private static final List<String> KEYS = List.of("step_size", "gamma", "milestones", "factor", "total_iters",
            "start_factor", "end_factor", "T_max", "eta_min", "T_0", "T_mult", "power", "lr_lambda", "base_lr",
            "max_lr", "step_size_up", "step_size_down", "mode", "scale_fn", "scale_mode", "cycle_momentum",
            "total_steps", "epochs", "steps_per_epoch", "pct_start", "anneal_strategy", "three_phase", "div_factor",
            "patience", "threshold", "threshold_mode", "cooldown", "min_lr", "eps", "last_epoch", "schedulers",
            "verbose", "bogus");

    private final Random random = new Random(20261124);

    private Object value(int depth) {
        return switch (random.nextInt(depth > 1 ? 9 : 10)) {
            case 0 -> (long) random.nextInt(21) - 3;
            case 1 -> random.nextBoolean() ? Long.MAX_VALUE : Long.MIN_VALUE + random.nextInt(3);
            case 2 -> random.nextDouble() * 2 - 0.5;
            case 3 -> List.of(0.0, 1.0, -1.0, 1e300, Double.NaN, Double.POSITIVE_INFINITY).get(random.nextInt(6));
            case 4 -> random.nextBoolean();
            case 5 -> List.of("0.9 ** epoch", "1 / epoch", "epoch // 0", "((", "x % 0", "min", "cos", "rel")
                    .get(random.nextInt(8));
            case 6 -> null;
            case 7 -> {
                List<Object> list = new ArrayList<>();
                for (int i = random.nextInt(4); i > 0; i--) {
                    list.add(value(depth + 1));
                }
                yield list;
            }
            case 8 -> Map.of("scheduler", TorchSchedulers.NAMES.get(random.nextInt(15)), "params", kwargs(depth + 1));
            default -> (long) random.nextInt(3);
        };
    }

    private Map<String, Object> kwargs(int depth) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = random.nextInt(5); i > 0; i--) {
            m.put(KEYS.get(random.nextInt(KEYS.size())), value(depth));
        }
        return m;
    }

    @Test
    void anyKwargsGiveAScheduleOrAScheduleException() {
        int built = 0;
        for (int i = 0; i < 30_000; i++) {
            String name = TorchSchedulers.NAMES.get(random.nextInt(15));
            Map<String, Object> kw = kwargs(0);
            Schedule s;
            try {
                s = TorchSchedulers.create(name, kw, 1 + random.nextInt(2)).get(0);
            } catch (ScheduleException e) {
                continue;
            } catch (RuntimeException e) {
                throw new AssertionError(name + kw + " threw " + e, e);
            }
            built++;
            try {
                ScheduleGraph g = s.compile(Clock.totalSteps(30));
                for (int t = 0; t <= 40; t++) {
                    if (g.isStateful()) {
                        g.lr(t, 0.1, g.newRunState());
                    } else {
                        g.lr(t, 0.1);
                    }
                }
            } catch (TorchSchedulerException e) {
                // PyTorch raises at this step too
            } catch (RuntimeException e) {
                throw new AssertionError(s + " threw " + e, e);
            }
        }
        assertTrue(built > 1000, "built " + built);
    }
}
