package dev.anneal.runtime.sweep;

import dev.anneal.runtime.Optimizer;
import java.io.Serializable;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * One point of a {@link SearchSpace}: everything that differs between the trials of a sweep, as
 * plain values (the schedule as its text), so that a trial can be shipped anywhere and printed.
 *
 * <pre>{@code
 * TrialConfig c = new TrialConfig("warmup(2.epochs) then cosine()", 0.1, "sgd", 0.0, 32, 1, 20, Map.of());
 * Optimizer opt = c.newOptimizer();   // sgd(lr=0.1, momentum=0.9)
 * }</pre>
 *
 * @param schedule    the schedule's text (holes filled in)
 * @param lr          the base learning rate
 * @param optimizer   {@code sgd} (momentum 0.9), {@code adam} or {@code adamw}
 * @param weightDecay the weight decay
 * @param batchSize   the batch size
 * @param seed        the seed of the model's initialisation and the data order
 * @param epochs      the epochs of a full trial (the schedule spans them all, also when halving stops it earlier)
 * @param holes       the value chosen for each hole of the schedule's template, by name
 */
public record TrialConfig(String schedule, double lr, String optimizer, double weightDecay, int batchSize,
                          long seed, int epochs, Map<String, String> holes) implements Serializable {
    private static final long serialVersionUID = 1L;

    /** Checks the values and copies the holes. */
    public TrialConfig {
        Objects.requireNonNull(schedule, "schedule");
        optimizer = optimizer.toLowerCase(Locale.ROOT);
        if (!optimizer.equals("sgd") && !optimizer.equals("adam") && !optimizer.equals("adamw")) {
            throw new IllegalArgumentException("optimizer must be sgd, adam or adamw, got '" + optimizer + "'");
        }
        if (!(lr > 0) || !Double.isFinite(lr)) {
            throw new IllegalArgumentException("learning rate must be > 0, got " + lr);
        }
        if (!(weightDecay >= 0) || !Double.isFinite(weightDecay)) {
            throw new IllegalArgumentException("weight decay must be >= 0, got " + weightDecay);
        }
        if (batchSize < 1) {
            throw new IllegalArgumentException("batch size must be >= 1, got " + batchSize);
        }
        if (epochs < 1) {
            throw new IllegalArgumentException("epochs must be >= 1, got " + epochs);
        }
        holes = Collections.unmodifiableMap(new LinkedHashMap<>(holes));
    }

    /** The optimizer this configuration names, with its learning rate and weight decay. */
    public Optimizer newOptimizer() {
        Optimizer o = switch (optimizer) {
            case "adam" -> Optimizer.adam(lr);
            case "adamw" -> Optimizer.adamW(lr);
            default -> Optimizer.sgd(lr).momentum(0.9);
        };
        return weightDecay == 0 ? o : o.weightDecay(weightDecay);
    }
}
