package dev.anneal.runtime.folder;

import dev.anneal.Clock;
import dev.anneal.Schedule;
import dev.anneal.ScheduleException;
import dev.anneal.runtime.DataFacts;
import dev.anneal.runtime.Dataset;
import dev.anneal.runtime.Hyperparameter;
import dev.anneal.runtime.Metric;
import dev.anneal.runtime.Optimizer;
import dev.anneal.runtime.ParamGroup;
import dev.anneal.runtime.training.TrainerConfig;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * What makes two runs the same run: the model, the optimizer, the schedules, batch size, epochs,
 * seed, data order and the data itself (row counts and a hash of every value), as named strings.
 * Stored in checkpoints and {@code run.json}; a run resumes only where these agree, except that
 * the number of epochs may grow when no schedule depends on the run's length. The device is not
 * part of it: a run may continue on another backend.
 *
 * @param facts the facts, in a fixed order
 */
public record RunIdentity(Map<String, String> facts) {
    static final String EPOCHS = "epochs";

    public RunIdentity {
        facts = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(facts));
    }

    public static RunIdentity of(TrainerConfig c, Metric monitor, Dataset train, Dataset validation) {
        return of(c, monitor, rowsOf(train) + ", hash " + hash(train),
                validation == null ? "none" : rowsOf(validation) + ", hash " + hash(validation));
    }

    /**
     * The identity of a run on data that lives elsewhere: row counts and the order-free row-hash sums
     * of {@code facts} ({@link DataFacts}).
     */
    public static RunIdentity of(TrainerConfig c, Metric monitor, DataFacts facts) {
        String shape = " features, hash " ;
        return of(c, monitor, facts.trainRows() + " rows x " + facts.features() + shape + facts.trainHash(),
                facts.validationRows() == 0 ? "none"
                        : facts.validationRows() + " rows x " + facts.features() + shape + facts.validationHash());
    }

    private static RunIdentity of(TrainerConfig c, Metric monitor, String train, String validation) {
        Map<String, String> f = new LinkedHashMap<>();
        f.put("model", c.mlp().toString());
        f.put("optimizer", optimizer(c.optimizer()));
        for (Map.Entry<Hyperparameter, Schedule> e : c.schedules().entrySet()) {
            f.put("schedule" + (e.getKey() == Hyperparameter.LR ? "" : " of " + name(e.getKey())), e.getValue().toString());
        }
        f.put("batch size", Integer.toString(c.batchSize()));
        f.put(EPOCHS, Integer.toString(c.epochs()));
        f.put("seed", Long.toString(c.seed()));
        f.put("shuffle", Boolean.toString(c.shuffle()));
        f.put("standardize", Boolean.toString(c.standardize()));
        f.put("monitor", name(monitor));
        f.put("training data", train);
        f.put("validation data", validation);
        return new RunIdentity(f);
    }

    /** The identity stored in a checkpoint or run.json. */
    public static RunIdentity from(Object saved) {
        Map<String, String> f = new LinkedHashMap<>();
        if (saved instanceof Map<?, ?> m) {
            m.forEach((k, v) -> f.put(String.valueOf(k), String.valueOf(v)));
        }
        return new RunIdentity(f);
    }

    /**
     * What differs between a saved run ({@code this}) and a new configuration, one line each
     * ({@code schedule: 'cosine()' before, 'linear()' now}); empty when the new one may continue the
     * saved run. More epochs than saved are allowed when {@code schedules} do not depend on the run's
     * length (they compile without a total) and {@code epochsDone} do not exceed them.
     */
    public List<String> differences(RunIdentity now, Iterable<Schedule> schedules, long stepsPerEpoch, int epochsDone) {
        List<String> out = new ArrayList<>();
        for (String key : union(now)) {
            String before = facts.get(key);
            String after = now.facts.get(key);
            if (Objects.equals(before, after)) {
                continue;
            }
            if (key.equals(EPOCHS) && before != null && after != null) {
                String why = epochChange(Integer.parseInt(before), Integer.parseInt(after), schedules, stepsPerEpoch,
                        epochsDone);
                if (why != null) {
                    out.add(why);
                }
                continue;
            }
            out.add(key + ": " + quoted(before) + " before, " + quoted(after) + " now");
        }
        return out;
    }

    /** A line saying what was accepted, or null when nothing differs that {@link #differences} allows. */
    public String acceptedChange(RunIdentity now) {
        String before = facts.get(EPOCHS);
        String after = now.facts.get(EPOCHS);
        if (before == null || before.equals(after)) {
            return null;
        }
        return "epochs: " + before + " before, " + after + " now; accepted, as no schedule depends on the run's length"
                + " (the epochs already run keep their values)";
    }

    private static String epochChange(int before, int after, Iterable<Schedule> schedules, long stepsPerEpoch,
                                      int epochsDone) {
        if (after < epochsDone) {
            return "epochs: " + before + " before, " + after + " now, but " + epochsDone + " have already run";
        }
        for (Schedule s : schedules) {
            try {
                s.compile(Clock.of(stepsPerEpoch, 0));
            } catch (ScheduleException e) {
                return "epochs: " + before + " before, " + after + " now, and the schedule '" + s
                        + "' depends on the run's length, so the epochs already run would change";
            }
        }
        return null;
    }

    private List<String> union(RunIdentity now) {
        List<String> keys = new ArrayList<>(facts.keySet());
        for (String k : now.facts.keySet()) {
            if (!keys.contains(k)) {
                keys.add(k);
            }
        }
        return keys;
    }

    private static String quoted(String s) {
        return s == null ? "(none)" : "'" + s + "'";
    }

    private static String optimizer(Optimizer o) {
        StringBuilder s = new StringBuilder(name(o.kind())).append("(lr=").append(o.lr())
                .append(", momentum=").append(o.momentum()).append(", dampening=").append(o.dampening())
                .append(", nesterov=").append(o.nesterov()).append(", beta2=").append(o.beta2())
                .append(", eps=").append(o.eps()).append(", weightDecay=").append(o.weightDecay());
        for (ParamGroup g : o.groups()) {
            s.append(", group ").append(g.name()).append("(lr=").append(g.lr()).append(", momentum=")
                    .append(g.momentum()).append(", weightDecay=").append(g.weightDecay());
            g.schedules().forEach((h, sched) -> s.append(", ").append(name(h)).append('=').append(sched));
            s.append(')');
        }
        return s.append(')').toString();
    }

    private static String rowsOf(Dataset d) {
        return d.rows() + " rows x " + d.features() + " features";
    }

    /** A 64-bit hash of every value (FNV-1a over the values' bits, a word at a time), in hex. */
    private static String hash(Dataset d) {
        long h = 0xcbf29ce484222325L;
        for (double[] values : new double[][] {d.x(), d.y()}) {
            for (double v : values) {
                h ^= Double.doubleToLongBits(v);
                h *= 0x100000001b3L;
                h ^= h >>> 32;
            }
        }
        return String.format(Locale.ROOT, "%016x", h);
    }

    private static String name(Enum<?> e) {
        return e.name().toLowerCase(Locale.ROOT);
    }
}
