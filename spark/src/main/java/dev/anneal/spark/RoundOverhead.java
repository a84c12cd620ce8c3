package dev.anneal.spark;

/**
 * How long the rounds of a {@link SparkTrainer} took, and how much of that was not training: the
 * overhead of a round is its time on the driver (ship the state, schedule the tasks, collect, average,
 * load) less the longest worker's time running its steps.
 *
 * <pre>{@code
 * RoundOverhead o = trainer.overhead();
 * System.out.printf("%d rounds, %.1f ms overhead each%n", o.rounds(), o.meanOverheadMillis());
 * }</pre>
 *
 * @param rounds             rounds run
 * @param meanRoundMillis    mean time of a round on the driver
 * @param meanOverheadMillis mean time of a round not spent in the slowest worker's steps
 */
public record RoundOverhead(int rounds, double meanRoundMillis, double meanOverheadMillis) {
}
