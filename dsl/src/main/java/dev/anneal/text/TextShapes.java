package dev.anneal.text;

import dev.anneal.Cosine;
import dev.anneal.CosineRestarts;
import dev.anneal.Cyclic;
import dev.anneal.ExpressionSchedule;
import dev.anneal.InverseSqrt;
import dev.anneal.Linear;
import dev.anneal.MultiStep;
import dev.anneal.OneCycle;
import dev.anneal.Piecewise;
import dev.anneal.Plateau;
import dev.anneal.Polynomial;
import dev.anneal.Schedule;
import dev.anneal.StepDecay;
import dev.anneal.Warmup;
import dev.anneal.WarmupStableDecay;
import dev.anneal.text.TextValue.Sched;
import dev.anneal.torch.CyclicLR;
import dev.anneal.torch.OneCycleLR;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * The names the text form knows: each shape with its parameters in positional order (the record's
 * order) and how to build it, and the postfix methods. Defaults come from the factories in
 * {@link Schedule}, so a parameter left out means what it means in the Java API.
 */
final class TextShapes {
    private TextShapes() {
    }

    /** A shape: its parameter names in positional order, and how to build it from bound arguments. */
    record Shape(List<String> params, Function<TextArgs, Schedule> build) {
    }

    /** A postfix method {@code s.name(args)}. */
    record Method(List<String> params, BiFunction<Sched, TextArgs, Schedule> apply) {
        Schedule apply(Sched receiver, TextArgs args) {
            return apply.apply(receiver, args);
        }
    }

    static final Map<String, Shape> SHAPES = shapes();

    static final Map<String, Method> METHODS = methods();

    private static Map<String, Shape> shapes() {
        Map<String, Shape> m = new LinkedHashMap<>();
        m.put("constant", new Shape(List.of("factor"),
                a -> Schedule.constant(a.number("factor", Schedule.constant().factor()))));
        m.put("warmup", new Shape(List.of("length", "startFactor"), a -> {
            Warmup d = Schedule.warmup(a.span("length"));
            return d.startFactor(a.number("startFactor", d.startFactor()));
        }));
        m.put("linear", new Shape(List.of("length", "startFactor", "endFactor"), a -> {
            Linear d = Schedule.linear(a.span("length"));
            return new Linear(d.length(), a.number("startFactor", d.startFactor()), a.number("endFactor", d.endFactor()));
        }));
        m.put("step", new Shape(List.of("stepSize", "gamma"), a -> {
            StepDecay d = Schedule.step(a.span("stepSize"));
            return d.gamma(a.number("gamma", d.gamma()));
        }));
        m.put("multiStep", new Shape(List.of("milestones", "gamma"), a -> {
            MultiStep d = Schedule.multiStep(a.spans("milestones"));
            return d.gamma(a.number("gamma", d.gamma()));
        }));
        m.put("exponential", new Shape(List.of("gamma"), a -> Schedule.exponential(a.number("gamma"))));
        m.put("polynomial", new Shape(List.of("length", "power", "endFactor"), a -> {
            Polynomial d = Schedule.polynomial(a.span("length"));
            return new Polynomial(d.length(), a.number("power", d.power()), a.number("endFactor", d.endFactor()));
        }));
        m.put("cosine", new Shape(List.of("tMax", "etaMin", "periodic"), a -> {
            Cosine d = Schedule.cosine();
            return new Cosine(a.span("tMax", d.tMax()), a.number("etaMin", d.etaMin()), a.bool("periodic", d.periodic()));
        }));
        m.put("cosineRestarts", new Shape(List.of("t0", "tMult", "etaMin", "decay"), a -> {
            CosineRestarts d = Schedule.cosineRestarts(a.span("t0"));
            return new CosineRestarts(d.t0(), a.integer("tMult", d.tMult()), a.number("etaMin", d.etaMin()),
                    a.number("decay", d.decay()));
        }));
        m.put("oneCycle", new Shape(List.of("total", "maxLr", "pctStart", "divFactor", "finalDivFactor", "anneal",
                "threePhase", "baseMomentum", "maxMomentum"), a -> {
            OneCycle d = Schedule.oneCycle();
            return new OneCycle(a.span("total", d.total()), a.number("maxLr", d.maxLr()), a.number("pctStart", d.pctStart()),
                    a.number("divFactor", d.divFactor()), a.number("finalDivFactor", d.finalDivFactor()),
                    a.choice("anneal", d.anneal()), a.bool("threePhase", d.threePhase()),
                    a.number("baseMomentum", d.baseMomentum()), a.number("maxMomentum", d.maxMomentum()));
        }));
        m.put("cyclic", new Shape(List.of("maxLr", "stepUp", "stepDown", "mode", "gamma", "scaleFn", "scaleMode",
                "baseMomentum", "maxMomentum"), a -> {
            Cyclic d = Schedule.cyclic(a.number("maxLr"), a.span("stepUp"));
            return new Cyclic(d.maxLr(), d.stepUp(), a.span("stepDown", d.stepDown()), a.choice("mode", d.mode()),
                    a.number("gamma", d.gamma()), a.expression("scaleFn", "x", d.scaleFn()), a.choice("scaleMode", d.scaleMode()),
                    a.number("baseMomentum", d.baseMomentum()), a.number("maxMomentum", d.maxMomentum()));
        }));
        m.put("inverseSqrt", new Shape(List.of("warmup", "timescale"), a -> {
            InverseSqrt d = Schedule.inverseSqrt(a.span("warmup"));
            return d.timescale(a.span("timescale", d.timescale()));
        }));
        m.put("warmupStableDecay", new Shape(List.of("warmup", "stable", "decay", "shape", "startFactor", "endFactor"), a -> {
            WarmupStableDecay d = Schedule.warmupStableDecay(a.span("warmup"), a.span("stable"), a.span("decay"));
            return new WarmupStableDecay(d.warmup(), d.stable(), d.decay(), a.choice("shape", d.shape()),
                    a.number("startFactor", d.startFactor()), a.number("endFactor", d.endFactor()));
        }));
        m.put("piecewise", new Shape(List.of("points", "interpolation"), a -> {
            Piecewise d = Schedule.piecewise();
            return new Piecewise(a.points("points", d.points()), a.choice("interpolation", d.interpolation()));
        }));
        m.put("function", new Shape(List.of("expression"), a -> new ExpressionSchedule(a.expression("expression", "t"))));
        m.put("plateau", new Shape(List.of("mode", "factor", "patience", "threshold", "thresholdMode", "cooldown", "minLr",
                "eps"), a -> {
            Plateau d = Schedule.plateau();
            return new Plateau(a.choice("mode", d.mode()), a.number("factor", d.factor()), a.integer("patience", d.patience()),
                    a.number("threshold", d.threshold()), a.choice("thresholdMode", d.thresholdMode()),
                    a.integer("cooldown", d.cooldown()), a.number("minLr", d.minLr()), a.number("eps", d.eps()));
        }));
        return m;
    }

    private static Map<String, Method> methods() {
        Map<String, Method> m = new LinkedHashMap<>();
        m.put("lasting", new Method(List.of("length"), (r, a) -> r.schedule().lasting(a.span("length"))));
        m.put("clamp", new Method(List.of("min", "max"),
                (r, a) -> r.schedule().clamp(a.number("min", 0.0), a.number("max", Double.POSITIVE_INFINITY))));
        m.put("perEpoch", new Method(List.of(), (r, a) -> r.schedule().perEpoch()));
        m.put("momentum", new Method(List.of(), (r, a) -> {
            Schedule s = r.schedule();
            if (s instanceof OneCycle cycle) {
                return cycle.momentum();
            }
            if (s instanceof Cyclic cycle) {
                return cycle.momentum();
            }
            if (s instanceof OneCycleLR cycle) {
                return cycle.momentum();
            }
            if (s instanceof CyclicLR cycle) {
                return cycle.momentum();
            }
            throw a.invalid(r, "oneCycle(...), cyclic(...), OneCycleLR(...) or CyclicLR(...) before '.momentum()'");
        }));
        return m;
    }
}
