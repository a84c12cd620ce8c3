package dev.anneal.spark;

/**
 * How long the rounds of a {@link SparkTrainer} took, and where the time went. The overhead of a
 * round is its time on the driver less the slowest worker's time running its steps: the driver
 * packing and broadcasting its state, the workers fetching it, unpacking it and packing their own,
 * Spark scheduling the tasks and bringing the results back ({@link #sparkMillis()}: what is left),
 * and the driver averaging the results and loading the mean into its network. The workers' parts
 * are the slowest worker's.
 *
 * <pre>{@code
 * RoundOverhead o = trainer.overhead();
 * System.out.printf("%d rounds, %.1f ms overhead each%n", o.rounds(), o.meanOverheadMillis());
 * System.out.println(o);   // the parts
 * }</pre>
 *
 * @param rounds             rounds run
 * @param meanRoundMillis    mean time of a round on the driver
 * @param meanOverheadMillis mean time of a round not spent in the slowest worker's steps
 * @param meanSendMillis     mean time the driver took to take its state, pack it and broadcast it
 * @param meanFetchMillis    mean time a worker took to fetch the broadcast state (its first round: the recipe and shard too)
 * @param meanStepsMillis    mean time of the slowest worker's steps
 * @param meanConvertMillis  mean time a worker took to unpack the shipped state and pack its own
 * @param meanAverageMillis  mean time the driver took to average the results and load the mean
 */
public record RoundOverhead(int rounds, double meanRoundMillis, double meanOverheadMillis, double meanSendMillis,
                            double meanFetchMillis, double meanStepsMillis, double meanConvertMillis,
                            double meanAverageMillis) {

    /** Mean time of a round left to Spark itself: scheduling the tasks and bringing the results back. */
    public double sparkMillis() {
        return meanOverheadMillis - meanSendMillis - meanFetchMillis - meanConvertMillis - meanAverageMillis;
    }

    @Override
    public String toString() {
        return String.format("%d rounds, %.1f ms a round: steps %.1f, overhead %.1f (send %.1f, fetch %.1f,"
                        + " convert %.1f, spark %.1f, average %.1f)", rounds, meanRoundMillis, meanStepsMillis,
                meanOverheadMillis, meanSendMillis, meanFetchMillis, meanConvertMillis, sparkMillis(),
                meanAverageMillis);
    }
}
