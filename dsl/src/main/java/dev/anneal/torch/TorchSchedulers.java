package dev.anneal.torch;

import dev.anneal.Schedule;
import dev.anneal.ScheduleException;
import dev.anneal.expression.Expression;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * Builds PyTorch's schedulers from a class name and keyword arguments, as in a migrated config or the
 * parity files: values are Long (ints), Double (floats), Boolean, String, null (None) and List; a
 * {@code lr_lambda} or {@code scale_fn} is a Python expression in {@code epoch} / {@code x}; the
 * {@code schedulers} of SequentialLR and ChainedScheduler hold schedules or maps
 * {@code {"scheduler": name, "params": {...}}}. PyTorch's checks and messages apply, in PyTorch's
 * order, raised as {@link TorchSchedulerException}; an unknown class or keyword names the valid ones.
 * <pre>{@code
 * Schedule s = TorchSchedulers.create("StepLR", Map.of("step_size", 3L, "gamma", 0.5));
 * s.toString();   // StepLR(step_size=3, gamma=0.5)
 * List<Schedule> perGroup = TorchSchedulers.create("LambdaLR",
 *         Map.of("lr_lambda", List.of("epoch // 3", "0.9 ** epoch")), 2);
 * }</pre>
 */
public final class TorchSchedulers {
    /** The classes of {@code torch.optim.lr_scheduler} that {@link #create} knows. */
    public static final List<String> NAMES = List.of("LambdaLR", "MultiplicativeLR", "StepLR", "MultiStepLR",
            "ConstantLR", "LinearLR", "ExponentialLR", "SequentialLR", "CosineAnnealingLR", "ChainedScheduler",
            "ReduceLROnPlateau", "CyclicLR", "CosineAnnealingWarmRestarts", "OneCycleLR", "PolynomialLR");

    private static final String LAST = "last_epoch";
    private static final String VERBOSE = "verbose";

    private TorchSchedulers() {
    }

    /** The scheduler {@code className} with {@code kwargs}, for one param group. */
    public static Schedule create(String className, Map<String, Object> kwargs) {
        return create(className, kwargs, 1).get(0);
    }

    /**
     * The scheduler {@code className} with {@code kwargs}, one schedule per param group: list-valued
     * per-group arguments ({@code lr_lambda}, {@code base_lr}, {@code max_lr}, {@code min_lr}, the
     * momenta) are split, with PyTorch's length errors.
     */
    public static List<Schedule> create(String className, Map<String, Object> kwargs, int groups) {
        if (groups < 1) {
            throw new ScheduleException(className + ": needs at least one param group, got " + groups);
        }
        List<? extends Schedule> out = switch (String.valueOf(className)) {
            case "LambdaLR", "MultiplicativeLR" -> lambda(className, kwargs, groups);
            case "StepLR" -> same(groups, step(kwargs));
            case "MultiStepLR" -> same(groups, multiStep(kwargs));
            case "ConstantLR" -> same(groups, constant(kwargs));
            case "LinearLR" -> same(groups, linear(kwargs));
            case "ExponentialLR" -> same(groups, exponential(kwargs));
            case "PolynomialLR" -> same(groups, polynomial(kwargs));
            case "CosineAnnealingLR" -> same(groups, cosine(kwargs));
            case "CosineAnnealingWarmRestarts" -> same(groups, restarts(kwargs));
            case "ReduceLROnPlateau" -> plateau(kwargs, groups);
            case "CyclicLR" -> CyclicArgs.create(new Kwargs("CyclicLR", kwargs, CyclicArgs.PARAMS,
                    List.of("base_lr", "max_lr")), groups);
            case "OneCycleLR" -> OneCycleArgs.create(new Kwargs("OneCycleLR", kwargs, OneCycleArgs.PARAMS,
                    List.of("max_lr")), groups);
            case "SequentialLR", "ChainedScheduler" -> composite(className, kwargs, groups);
            default -> throw new ScheduleException("unknown PyTorch scheduler '" + className + "'; expected one of "
                    + String.join(", ", NAMES));
        };
        return List.copyOf(out);
    }

    private static List<Schedule> same(int groups, Schedule s) {
        List<Schedule> out = new ArrayList<>();
        for (int g = 0; g < groups; g++) {
            out.add(s);
        }
        return out;
    }

    private static List<Schedule> lambda(String cls, Map<String, Object> kwargs, int groups) {
        Kwargs a = new Kwargs(cls, kwargs, List.of("lr_lambda", LAST, VERBOSE), List.of("lr_lambda"));
        List<Object> lambdas = a.perGroup("lr_lambda", groups, "Expected %d lr_lambdas, but got %d");
        long last = a.integer(LAST, -1);
        List<Schedule> out = new ArrayList<>();
        for (Object v : lambdas) {
            Expression f = a.expression("lr_lambda", v, "epoch");
            out.add(cls.equals("LambdaLR") ? new LambdaLR(f, last) : new MultiplicativeLR(f, last));
        }
        return out;
    }

    private static StepLR step(Map<String, Object> kwargs) {
        Kwargs a = new Kwargs("StepLR", kwargs, List.of("step_size", "gamma", LAST, VERBOSE), List.of("step_size"));
        return new StepLR(a.integer("step_size", 0), a.number("gamma", 0.1), a.integer(LAST, -1));
    }

    private static MultiStepLR multiStep(Map<String, Object> kwargs) {
        Kwargs a = new Kwargs("MultiStepLR", kwargs, List.of("milestones", "gamma", LAST, VERBOSE),
                List.of("milestones"));
        return new MultiStepLR(a.integers("milestones"), a.number("gamma", 0.1), a.integer(LAST, -1));
    }

    private static ConstantLR constant(Map<String, Object> kwargs) {
        Kwargs a = new Kwargs("ConstantLR", kwargs, List.of("factor", "total_iters", LAST, VERBOSE), List.of());
        return new ConstantLR(a.number("factor", ConstantLR.DEFAULT_FACTOR), a.integer("total_iters", 5),
                a.integer(LAST, -1));
    }

    private static LinearLR linear(Map<String, Object> kwargs) {
        Kwargs a = new Kwargs("LinearLR", kwargs, List.of("start_factor", "end_factor", "total_iters", LAST, VERBOSE),
                List.of());
        return new LinearLR(a.number("start_factor", LinearLR.DEFAULT_START), a.number("end_factor", 1.0),
                a.integer("total_iters", 5), a.integer(LAST, -1));
    }

    private static ExponentialLR exponential(Map<String, Object> kwargs) {
        Kwargs a = new Kwargs("ExponentialLR", kwargs, List.of("gamma", LAST, VERBOSE), List.of("gamma"));
        return new ExponentialLR(a.number("gamma", 0), a.integer(LAST, -1));
    }

    private static PolynomialLR polynomial(Map<String, Object> kwargs) {
        Kwargs a = new Kwargs("PolynomialLR", kwargs, List.of("total_iters", "power", LAST, VERBOSE), List.of());
        return new PolynomialLR(a.integer("total_iters", 5), a.number("power", 1.0), a.integer(LAST, -1));
    }

    private static CosineAnnealingLR cosine(Map<String, Object> kwargs) {
        Kwargs a = new Kwargs("CosineAnnealingLR", kwargs, List.of("T_max", "eta_min", LAST, VERBOSE),
                List.of("T_max"));
        return new CosineAnnealingLR(a.integer("T_max", 0), a.number("eta_min", 0.0), a.integer(LAST, -1));
    }

    private static CosineAnnealingWarmRestarts restarts(Map<String, Object> kwargs) {
        Kwargs a = new Kwargs("CosineAnnealingWarmRestarts", kwargs, List.of("T_0", "T_mult", "eta_min", LAST, VERBOSE),
                List.of("T_0"));
        Long t0 = a.strictInt("T_0", "Expected positive integer T_0, but got ");
        if (t0 == null || t0 <= 0) {
            throw Py.valueError("Expected positive integer T_0, but got " + Py.str(a.raw("T_0")));
        }
        Long mult = a.has("T_mult") ? a.strictInt("T_mult", "Expected integer T_mult >= 1, but got ") : Long.valueOf(1);
        if (mult == null || mult < 1) {
            throw Py.valueError("Expected integer T_mult >= 1, but got " + Py.str(a.raw("T_mult")));
        }
        return new CosineAnnealingWarmRestarts(t0, mult, a.number("eta_min", 0.0), a.integer(LAST, -1));
    }

    private static List<Schedule> plateau(Map<String, Object> kwargs, int groups) {
        Kwargs a = new Kwargs("ReduceLROnPlateau", kwargs, List.of("mode", "factor", "patience", "threshold",
                "threshold_mode", "cooldown", "min_lr", "eps", VERBOSE), List.of());
        double factor = a.number("factor", 0.1);
        if (factor >= 1.0) {
            throw Py.valueError("Factor should be < 1.0.");
        }
        List<Object> minLrs = a.has("min_lr") ? a.perGroup("min_lr", groups, "expected %d min_lrs, got %d")
                : new ArrayList<>(Collections.nCopies(groups, (Object) 0L));
        List<Schedule> out = new ArrayList<>();
        for (Object minLr : minLrs) {
            out.add(new ReduceLROnPlateau(a.string("mode", "min"), factor, a.integer("patience", 10),
                    a.number("threshold", 1e-4), a.string("threshold_mode", "rel"), a.integer("cooldown", 0),
                    a.number("min_lr", minLr), a.number("eps", 1e-8)));
        }
        return out;
    }

    private static List<Schedule> composite(String cls, Map<String, Object> kwargs, int groups) {
        boolean sequential = cls.equals("SequentialLR");
        Kwargs a = sequential
                ? new Kwargs(cls, kwargs, List.of("schedulers", "milestones", LAST, VERBOSE),
                        List.of("schedulers", "milestones"))
                : new Kwargs(cls, kwargs, List.of("schedulers"), List.of("schedulers"));
        List<List<TorchScheduler>> perGroup = new ArrayList<>();
        for (int g = 0; g < groups; g++) {
            perGroup.add(new ArrayList<>());
        }
        List<?> children = a.list("schedulers");
        for (int i = 0; i < children.size(); i++) {
            List<Schedule> built = child(cls, i, children.get(i), groups);
            for (int g = 0; g < groups; g++) {
                perGroup.get(g).add((TorchScheduler) built.get(g));
            }
        }
        List<Schedule> out = new ArrayList<>();
        for (List<TorchScheduler> list : perGroup) {
            out.add(sequential ? new SequentialLR(list, a.integers("milestones"), a.integer(LAST, -1))
                    : new ChainedScheduler(list));
        }
        return out;
    }

    private static List<Schedule> child(String cls, int i, Object child, int groups) {
        if (child instanceof TorchScheduler s) {
            return same(groups, s);
        }
        if (child instanceof Map<?, ?> m && m.get("scheduler") instanceof String name) {
            Object params = m.containsKey("params") ? m.get("params") : Map.of();
            if (!(params instanceof Map<?, ?>)) {
                throw new ScheduleException(cls + ": schedulers[" + i + "].params must be a map, got " + params);
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> kw = (Map<String, Object>) params;
            return create(name, kw, groups);
        }
        throw new ScheduleException(cls + ": schedulers[" + i + "] must be one of PyTorch's schedulers or a map "
                + "{\"scheduler\": name, \"params\": {...}}, got " + Text.format(child));
    }
}
