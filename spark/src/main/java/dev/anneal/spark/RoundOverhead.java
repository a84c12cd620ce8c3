package dev.anneal.spark;

/**
 * How long the rounds of a {@link SparkTrainer} took, and where the time went. The overhead of a
 * round is its time on the driver less the slowest worker's time running its steps: sending the state
 * (the driver packs it and broadcasts it), the workers reading it and packing their own, Spark
 * scheduling the tasks and bringing the results back, and the driver averaging them and loading the
 * mean into its network. What {@link #sparkMillis()} gives is the part Spark itself takes: scheduling
 * and moving the bytes.
 *
 * <pre>{@code
 * RoundOverhead o = trainer.overhead();
 * System.out.printf("%d rounds, %.1f ms overhead each%n", o.rounds(), o.meanOverheadMillis());
 * }</pre>
 *
 * @param rounds             rounds run
 * @param meanRoundMillis    mean time of a round on the driver
 * @param meanOverheadMillis mean time of a round not spent in the slowest worker's steps
 * @param meanSendMillis     mean time the driver took to take its state, pack it and broadcast it
 * @param meanStepsMillis    mean time of the slowest worker's steps
 * @param meanStateMillis    mean time of the slowest worker's reading of the shipped state and packing of its own
 * @param meanAverageMillis  mean time the driver took to average the results and load the mean
 */
public record RoundOverhead(int rounds, double meanRoundMillis, double meanOverheadMillis, double meanSendMillis,
                            double meanStepsMillis, double meanStateMillis, double meanAverageMillis) {

    /** Mean time of a round left to Spark: scheduling the tasks, moving the state out and the results back. */
    public double sparkMillis() {
        return meanOverheadMillis - meanSendMillis - meanStateMillis - meanAverageMillis;
    }

    @Override
    public String toString() {
        return String.format("%d rounds, %.1f ms a round: steps %.1f, overhead %.1f (send %.1f, worker state %.1f,"
                        + " spark %.1f, average %.1f)", rounds, meanRoundMillis, meanStepsMillis, meanOverheadMillis,
                meanSendMillis, meanStateMillis, sparkMillis(), meanAverageMillis);
    }
}
