package dev.anneal.runtime.sweep;

import dev.anneal.runtime.Metric;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Successive halving: trials are judged at rungs ({@code minEpochs}, {@code minEpochs * eta},
 * {@code minEpochs * eta^2}, ... below the trial's epochs), and only the best {@code 1/eta} of a
 * rung go on to the next; the rest stop there, keeping their history. See {@link Sweep} for the
 * order in which the decisions are made.
 *
 * <pre>{@code
 * Halving h = Halving.parse("eta=3,min-epochs=2");   // or new Halving(3, 2, Metric.VAL_LOSS)
 * h.rungs(20);                                        // [2, 6, 18, 20]: judged at 2, 6 and 18
 * }</pre>
 *
 * @param eta       the reduction factor, {@code >= 2}
 * @param minEpochs the first rung, {@code >= 1}
 * @param metric    what decides ({@link Metric#VAL_LOSS} by default)
 */
public record Halving(int eta, int minEpochs, Metric metric) {

    /** Checks the values. */
    public Halving {
        if (eta < 2) {
            throw new IllegalArgumentException("halving eta must be >= 2, got " + eta);
        }
        if (minEpochs < 1) {
            throw new IllegalArgumentException("halving min-epochs must be >= 1, got " + minEpochs);
        }
        Objects.requireNonNull(metric, "metric");
    }

    /**
     * Reads {@code eta=3,min-epochs=2[,metric=val_loss|val_accuracy]} (eta 3, min-epochs 1 and the
     * validation loss when left out).
     */
    public static Halving parse(String text) {
        int eta = 3;
        int minEpochs = 1;
        Metric metric = Metric.VAL_LOSS;
        for (String part : text.split(",")) {
            String p = part.trim();
            int eq = p.indexOf('=');
            if (eq < 0) {
                throw new IllegalArgumentException("halving: expected name=value, got '" + p
                        + "' (e.g. eta=3,min-epochs=2)");
            }
            String name = p.substring(0, eq).trim();
            String value = p.substring(eq + 1).trim();
            switch (name) {
                case "eta" -> eta = integer(name, value);
                case "min-epochs", "minEpochs" -> minEpochs = integer(name, value);
                case "metric" -> metric = metric(value);
                default -> throw new IllegalArgumentException("halving: unknown setting '" + name
                        + "', expected eta, min-epochs or metric");
            }
        }
        return new Halving(eta, minEpochs, metric);
    }

    /** {@code val_loss} or {@code val_accuracy} as a metric. */
    static Metric metric(String name) {
        return switch (name.toLowerCase(Locale.ROOT).replace('-', '_')) {
            case "val_loss" -> Metric.VAL_LOSS;
            case "val_accuracy" -> Metric.VAL_ACCURACY;
            default -> throw new IllegalArgumentException("halving metric must be val_loss or val_accuracy, got '"
                    + name + "'");
        };
    }

    private static int integer(String name, String value) {
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("halving: " + name + " must be an integer, got '" + value + "'");
        }
    }

    /** The epochs at which a trial of {@code epochs} epochs is judged, then {@code epochs} itself (its end). */
    public List<Integer> rungs(int epochs) {
        List<Integer> rungs = new ArrayList<>();
        for (long r = minEpochs; r < epochs; r *= eta) {
            rungs.add((int) r);
        }
        rungs.add(epochs);
        return List.copyOf(rungs);
    }

    /** The text form, as {@link #parse} reads it. */
    @Override
    public String toString() {
        return "eta=" + eta + ",min-epochs=" + minEpochs + ",metric=" + metric.name().toLowerCase(Locale.ROOT);
    }
}
