package dev.anneal.spark;

/** The rounds' times added up as they run, for {@link RoundOverhead}. */
final class RoundTimes {
    private int rounds;
    private long round;
    private long send;
    private long fetch;
    private long steps;
    private long convert;
    private long busy;
    private long average;

    /** Adds a round: its whole time and its parts, in nanoseconds. */
    void add(long round, long send, long fetch, long steps, long convert, long busy, long average) {
        rounds++;
        this.round += round;
        this.send += send;
        this.fetch += fetch;
        this.steps += steps;
        this.convert += convert;
        this.busy += busy;
        this.average += average;
    }

    RoundOverhead overhead() {
        return new RoundOverhead(rounds, mean(round), mean(round - steps), mean(send), mean(fetch), mean(steps),
                mean(convert), mean(busy), mean(average));
    }

    private double mean(long nanos) {
        return rounds == 0 ? 0 : nanos / 1e6 / rounds;
    }
}
