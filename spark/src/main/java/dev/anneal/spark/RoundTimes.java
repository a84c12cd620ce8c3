package dev.anneal.spark;

/** The rounds' times added up as they run, for {@link RoundOverhead}. */
final class RoundTimes {
    private int rounds;
    private long round;
    private long send;
    private long steps;
    private long state;
    private long average;

    /** Adds a round: its whole time and its parts, in nanoseconds. */
    void add(long round, long send, long steps, long state, long average) {
        rounds++;
        this.round += round;
        this.send += send;
        this.steps += steps;
        this.state += state;
        this.average += average;
    }

    RoundOverhead overhead() {
        return new RoundOverhead(rounds, mean(round), mean(round - steps), mean(send), mean(steps), mean(state),
                mean(average));
    }

    private double mean(long nanos) {
        return rounds == 0 ? 0 : nanos / 1e6 / rounds;
    }
}
