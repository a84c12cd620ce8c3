package dev.anneal.spark;

/**
 * How long the rounds of a {@link SparkTrainer} took, and where the time went. The overhead of a
 * round is its time on the driver less the slowest worker's time running its steps: the driver
 * packing and broadcasting its state, the workers fetching it, unpacking it and packing their own,
 * Spark scheduling the tasks and bringing the results back ({@link #sparkMillis()}: what is left),
 * and the driver averaging the results and loading the mean into its network. The workers' parts
 * are the slowest worker's. When the workers outnumber the cores, tasks wait for a core, and that
 * wait falls in the Spark part: {@link #meanBusyMillis()} (all the workers' task time added up),
 * divided by the cores, is then the least a round can take.
 *
 * <pre>{@code
 * RoundOverhead o = trainer.overhead();
 * System.out.printf("%d rounds, %.1f ms overhead each%n", o.rounds(), o.meanOverheadMillis());
 * System.out.println(o);   // the parts
 * RoundOverhead lastEpoch = trainer.overhead().since(atEpochStart);
 * }</pre>
 *
 * @param rounds             rounds run
 * @param meanRoundMillis    mean time of a round on the driver
 * @param meanOverheadMillis mean time of a round not spent in the slowest worker's steps
 * @param meanSendMillis     mean time the driver took to take its state, pack it and broadcast it
 * @param meanFetchMillis    mean time a worker took to fetch the broadcast state (its first round: the recipe and shard too)
 * @param meanStepsMillis    mean time of the slowest worker's steps
 * @param meanConvertMillis  mean time a worker took to unpack the shipped state and pack its own
 * @param meanBusyMillis     mean time of all the workers' tasks (fetch, steps, convert) added up
 * @param meanAverageMillis  mean time the driver took to average the results and load the mean
 */
public record RoundOverhead(int rounds, double meanRoundMillis, double meanOverheadMillis, double meanSendMillis,
                            double meanFetchMillis, double meanStepsMillis, double meanConvertMillis,
                            double meanBusyMillis, double meanAverageMillis) {

    /** Mean time of a round left to Spark itself: scheduling the tasks and bringing the results back. */
    public double sparkMillis() {
        return meanOverheadMillis - meanSendMillis - meanFetchMillis - meanConvertMillis - meanAverageMillis;
    }

    /**
     * The rounds run since {@code earlier} was read from the same trainer (e.g. the last epoch's, read
     * at each epoch's end), with their means.
     */
    public RoundOverhead since(RoundOverhead earlier) {
        int n = rounds - earlier.rounds;
        if (n <= 0) {
            return new RoundOverhead(0, 0, 0, 0, 0, 0, 0, 0, 0);
        }
        return new RoundOverhead(n, part(earlier.meanRoundMillis, meanRoundMillis, earlier.rounds, n),
                part(earlier.meanOverheadMillis, meanOverheadMillis, earlier.rounds, n),
                part(earlier.meanSendMillis, meanSendMillis, earlier.rounds, n),
                part(earlier.meanFetchMillis, meanFetchMillis, earlier.rounds, n),
                part(earlier.meanStepsMillis, meanStepsMillis, earlier.rounds, n),
                part(earlier.meanConvertMillis, meanConvertMillis, earlier.rounds, n),
                part(earlier.meanBusyMillis, meanBusyMillis, earlier.rounds, n),
                part(earlier.meanAverageMillis, meanAverageMillis, earlier.rounds, n));
    }

    private double part(double earlierMean, double mean, int earlierRounds, int n) {
        return (rounds * mean - earlierRounds * earlierMean) / n;
    }

    @Override
    public String toString() {
        return String.format("%d rounds, %.1f ms a round: steps %.1f, overhead %.1f (send %.1f, fetch %.1f,"
                        + " convert %.1f, spark %.1f, average %.1f); workers busy %.1f", rounds, meanRoundMillis,
                meanStepsMillis, meanOverheadMillis, meanSendMillis, meanFetchMillis, meanConvertMillis, sparkMillis(),
                meanAverageMillis, meanBusyMillis);
    }
}
