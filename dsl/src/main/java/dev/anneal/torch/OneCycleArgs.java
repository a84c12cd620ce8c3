package dev.anneal.torch;

import dev.anneal.Schedule;
import java.util.ArrayList;
import java.util.List;

/** {@code OneCycleLR}'s keyword arguments, checked in PyTorch's order, one record per param group. */
final class OneCycleArgs {
    static final List<String> PARAMS = List.of("max_lr", "total_steps", "epochs", "steps_per_epoch", "pct_start",
            "anneal_strategy", "cycle_momentum", "base_momentum", "max_momentum", "div_factor", "final_div_factor",
            "three_phase", "last_epoch", "verbose");

    private OneCycleArgs() {
    }

    static List<Schedule> create(Kwargs a, int groups) {
        Long total = a.strictInt("total_steps", "Expected positive integer total_steps, but got ");
        Long epochs = null;
        Long perEpoch = null;
        if (total != null || !a.has("epochs") && !a.has("steps_per_epoch")) {
            OneCycleLR.totalSteps(total, null, null);
            epochs = a.has("epochs") ? a.integer("epochs", 0) : null;
            perEpoch = a.has("steps_per_epoch") ? a.integer("steps_per_epoch", 0) : null;
        } else {
            // PyTorch compares epochs, then steps_per_epoch, with 0: None raises TypeError there
            epochs = a.strictInt("epochs", "Expected positive integer epochs, but got ");
            OneCycleLR.totalSteps(null, epochs, Long.valueOf(1));
            perEpoch = a.strictInt("steps_per_epoch", "Expected positive integer steps_per_epoch, but got ");
            OneCycleLR.totalSteps(null, epochs, perEpoch);
        }
        Object pct = a.raw("pct_start");
        if (pct != null && !(pct instanceof Double)) {
            throw Py.valueError("Expected float between 0 and 1 pct_start, but got " + Py.str(pct));
        }
        double pctStart = a.number("pct_start", 0.3);
        String anneal = a.string("anneal_strategy", "cos");
        OneCycleLR.checkShape(pctStart, anneal);
        List<Object> max = a.perGroup("max_lr", groups, "expected %d values for max_lr, got %d");
        boolean cycleMomentum = a.bool("cycle_momentum", true);
        List<Object> maxM = cycleMomentum
                ? a.perGroup("max_momentum", groups, "expected %d values for max_momentum, got %d")
                : CyclicArgs.constant(a, "max_momentum", 0.95, groups);
        List<Object> baseM = cycleMomentum
                ? a.perGroup("base_momentum", groups, "expected %d values for base_momentum, got %d")
                : CyclicArgs.constant(a, "base_momentum", 0.85, groups);
        List<Schedule> out = new ArrayList<>();
        for (int g = 0; g < groups; g++) {
            out.add(new OneCycleLR(a.number("max_lr", max.get(g)), total, epochs, perEpoch, pctStart, anneal,
                    cycleMomentum, CyclicArgs.number(a, "base_momentum", baseM.get(g), 0.85),
                    CyclicArgs.number(a, "max_momentum", maxM.get(g), 0.95), a.number("div_factor", 25.0),
                    a.number("final_div_factor", 1e4), a.bool("three_phase", false), a.integer("last_epoch", -1)));
        }
        return out;
    }
}
