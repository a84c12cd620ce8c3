package dev.anneal.runtime.sweep;

import java.io.Serializable;
import java.util.Locale;

/**
 * A trial of a sweep: its number (from 1, in the order the search space lists them) and its
 * configuration.
 *
 * <pre>{@code
 * Trial t = space.trials().get(0);
 * t.name();   // "trial-001", its folder under the sweep's output folder
 * }</pre>
 *
 * @param number the trial's number, from 1
 * @param config what it trains
 */
public record Trial(int number, TrialConfig config) implements Serializable {
    private static final long serialVersionUID = 1L;

    /** The trial's name and folder: {@code trial-001}. */
    public String name() {
        return String.format(Locale.ROOT, "trial-%03d", number);
    }
}
