package dev.anneal.torch;

import dev.anneal.Schedule;
import dev.anneal.expression.Expression;
import java.util.ArrayList;
import java.util.List;

/** {@code CyclicLR}'s keyword arguments, checked in PyTorch's order, one record per param group. */
final class CyclicArgs {
    static final List<String> PARAMS = List.of("base_lr", "max_lr", "step_size_up", "step_size_down", "mode", "gamma",
            "scale_fn", "scale_mode", "cycle_momentum", "base_momentum", "max_momentum", "last_epoch", "verbose");

    private CyclicArgs() {
    }

    static List<Schedule> create(Kwargs a, int groups) {
        List<Object> base = a.perGroup("base_lr", groups, "expected %d values for base_lr, got %d");
        List<Object> max = a.perGroup("max_lr", groups, "expected %d values for max_lr, got %d");
        double up = a.number("step_size_up", 2000.0);
        Double down = a.optNumber("step_size_down", null);
        String mode = a.string("mode", "triangular");
        double gamma = a.number("gamma", 1.0);
        Expression fn = a.has("scale_fn") ? a.expression("scale_fn", a.raw("scale_fn"), "x") : null;
        String scaleMode = a.string("scale_mode", "cycle");
        boolean cycleMomentum = a.bool("cycle_momentum", true);
        long last = a.integer("last_epoch", -1);
        // the checks PyTorch makes before it reads the momenta
        new CyclicLR(a.number("base_lr", base.get(0)), a.number("max_lr", max.get(0)), up, down, mode, gamma, fn,
                scaleMode, cycleMomentum, 0.8, 0.9, last);
        List<Object> baseM = cycleMomentum
                ? a.perGroup("base_momentum", groups, "expected %d values for base_momentum, got %d")
                : constant(a, "base_momentum", 0.8, groups);
        List<Object> maxM = cycleMomentum
                ? a.perGroup("max_momentum", groups, "expected %d values for max_momentum, got %d")
                : constant(a, "max_momentum", 0.9, groups);
        List<Schedule> out = new ArrayList<>();
        for (int g = 0; g < groups; g++) {
            out.add(new CyclicLR(a.number("base_lr", base.get(g)), a.number("max_lr", max.get(g)), up, down, mode,
                    gamma, fn, scaleMode, cycleMomentum, number(a, "base_momentum", baseM.get(g), 0.8),
                    number(a, "max_momentum", maxM.get(g), 0.9), last));
        }
        return out;
    }

    /** An argument left at its default, or given though unused (momenta without cycle_momentum). */
    static List<Object> constant(Kwargs a, String name, double byDefault, int groups) {
        List<Object> out = new ArrayList<>();
        for (int g = 0; g < groups; g++) {
            out.add(a.has(name) && !(a.raw(name) instanceof List<?>) ? a.raw(name) : byDefault);
        }
        return out;
    }

    static double number(Kwargs a, String name, Object v, double byDefault) {
        return v == null ? byDefault : a.number(name, v);
    }
}
