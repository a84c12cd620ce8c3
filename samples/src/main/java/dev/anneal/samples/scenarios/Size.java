package dev.anneal.samples.scenarios;

/**
 * How big a scenario runs: {@link #FULL} as the README describes it (1000 rows of synthetic data),
 * {@link #QUICK} with fewer rows, for tests. Epochs and schedules stay the same, so the learning rates
 * at the named epochs do too.
 *
 * <pre>{@code
 * RunResult r = CosineTrace.run(Size.QUICK, dir, System.out);
 * }</pre>
 */
public enum Size {
    /** 1000 rows: 800 to train, 200 to validate. */
    FULL(1000),
    /** 400 rows: 320 to train, 80 to validate. */
    QUICK(400);

    private final int rows;

    Size(int rows) {
        this.rows = rows;
    }

    /** Rows of the synthetic data set. */
    public int rows() {
        return rows;
    }

    /** Rows to train on (80%); the rest validate. */
    public int trainRows() {
        return rows * 4 / 5;
    }
}
