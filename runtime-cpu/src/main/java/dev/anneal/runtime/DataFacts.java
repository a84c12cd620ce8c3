package dev.anneal.runtime;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;

/**
 * What a {@link Trainer} needs to know about data that lives elsewhere (on a cluster's executors)
 * to run, save and resume without holding its rows: the row counts, the feature count, the class
 * names (or the regression targets), the standardisation statistics fitted on the training rows, and
 * the data's identity for run folders. Whoever holds the rows computes these (by aggregations) and
 * trains the epochs and validates there, through a
 * {@link dev.anneal.runtime.training.DataElsewhere}.
 *
 * <pre>{@code
 * DataFacts facts = new DataFacts(120_000, 30_000, Columns.numbered(24, 1, true), List.of("0", "1", "2"),
 *         standardizer, DataFacts.hex(trainHashSum), DataFacts.hex(valHashSum));
 * }</pre>
 *
 * <p>The identity of a data set here is the <em>sum</em> (modulo 2<sup>64</sup>) of
 * {@link #rowHash} over its rows: it does not depend on the order the rows come in, nor on how they
 * are partitioned, and a changed, added or removed row changes it. It is not the hash an in-memory
 * {@link Dataset} gets (that one depends on the order), so a run keeps the kind of data it started with.
 *
 * @param trainRows      training rows (at least 1)
 * @param validationRows validation rows (0: no validation)
 * @param columns        feature and target names
 * @param classes        class names in label order, or null for regression
 * @param standardizer   statistics of the training rows, or null when the run does not standardise
 * @param trainHash      the training rows' identity (hex)
 * @param validationHash the validation rows' identity (hex), or null without validation
 */
public record DataFacts(int trainRows, int validationRows, Columns columns, List<String> classes,
                        Standardizer standardizer, String trainHash, String validationHash) {

    /** Checks the counts and copies the class list. */
    public DataFacts {
        if (trainRows < 1) {
            throw new IllegalArgumentException("the training data has no rows");
        }
        if (validationRows < 0) {
            throw new IllegalArgumentException("validationRows must be >= 0, got " + validationRows);
        }
        classes = classes == null ? null : List.copyOf(classes);
        if (standardizer != null && standardizer.features() != columns.features().size()) {
            throw new IllegalArgumentException("standardizer has " + standardizer.features() + " features, the data "
                    + columns.features().size());
        }
    }

    /** Features per row. */
    public int features() {
        return columns.features().size();
    }

    /** Whether the labels are classes (else regression targets). */
    public boolean isClassification() {
        return classes != null;
    }

    /** Target values per row: 1 for classification (the class index), else the regression targets. */
    public int targets() {
        return isClassification() ? 1 : columns.targets().size();
    }

    /**
     * Class names in the order a {@link Dataset} gives them: numerically when every name is an
     * integer, else alphabetically.
     */
    public static List<String> orderClasses(Collection<String> names) {
        List<String> firstSeen = new ArrayList<>(names);
        return Dataset.nameClasses(firstSeen, new double[0]);
    }

    /**
     * A 64-bit hash of one row (its features' and targets' bits; for classification the target is
     * the class index), to be added up over rows for a data set's order-free identity.
     */
    public static long rowHash(double[] features, double[] targets) {
        long h = 0xcbf29ce484222325L;
        for (double[] values : new double[][] {features, targets}) {
            for (double v : values) {
                h ^= Double.doubleToLongBits(v);
                h *= 0x100000001b3L;
            }
        }
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        h *= 0xc4ceb9fe1a85ec53L;
        return h ^ (h >>> 33);
    }

    /** A hash sum as the identity text ({@code rowsum:} and 16 hex digits). */
    public static String hex(long hashSum) {
        return "rowsum:" + String.format(Locale.ROOT, "%016x", hashSum);
    }
}
