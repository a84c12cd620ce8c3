package dev.anneal.runtime;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The names of a data set's columns: its features, in the order the network takes them, and its
 * targets (the label column of a classification set, the target columns of a regression set). A CSV
 * file gives its header's names; arrays get {@code f0, f1, ...} and {@code label} (or {@code target},
 * {@code target0, target1, ...} for regression) unless named with {@link Dataset#withColumns}.
 * Checkpoints keep them, so that a trained model reads new rows by name.
 *
 * <pre>{@code
 * Dataset data = Dataset.csv(Path.of("iris.csv")).label("species").read();
 * data.columns().features();   // [sepal_length, sepal_width, petal_length, petal_width]
 * data.columns().targets();    // [species]
 * Dataset named = Dataset.regression(x, y).withColumns(new Columns(List.of("area", "rooms"), List.of("price")));
 * }</pre>
 *
 * @param features the feature columns' names, distinct from each other and from the targets'
 * @param targets  the target columns' names (one for classification)
 */
public record Columns(List<String> features, List<String> targets) implements java.io.Serializable {
    private static final long serialVersionUID = 1L;

    /** Checks that the names are distinct, and copies the lists. */
    public Columns {
        features = List.copyOf(features);
        targets = List.copyOf(targets);
        Set<String> seen = new HashSet<>();
        for (List<String> names : List.of(features, targets)) {
            for (String name : names) {
                if (!seen.add(name)) {
                    throw new IllegalArgumentException("columns: '" + name + "' names two columns");
                }
            }
        }
    }

    /**
     * The names arrays get: {@code f0..f<n-1>}, and {@code label} for classification, {@code target}
     * (one target) or {@code target0..} for regression.
     */
    public static Columns numbered(int features, int targets, boolean classification) {
        List<String> f = new ArrayList<>(features);
        for (int i = 0; i < features; i++) {
            f.add("f" + i);
        }
        List<String> t = new ArrayList<>(targets);
        if (classification) {
            t.add("label");
        } else if (targets == 1) {
            t.add("target");
        } else {
            for (int i = 0; i < targets; i++) {
                t.add("target" + i);
            }
        }
        return new Columns(f, t);
    }
}
