package dev.anneal;

/**
 * The facts about a training run that a schedule needs to become a {@link ScheduleGraph}: how many
 * optimizer steps make an epoch, and how many steps the run has in all.
 *
 * <pre>{@code
 * ScheduleGraph graph = schedule.compile(Clock.of(25, 500)); // 25 steps per epoch, 20 epochs
 * }</pre>
 * Either fact may be unknown (0): a schedule that needs it (an epoch span, a cosine without
 * {@code tMax}) then fails to compile with a message saying what is missing.
 *
 * @param stepsPerEpoch optimizer steps per epoch, or 0 when unknown
 * @param totalSteps    steps in the whole run, or 0 when unknown
 */
public record Clock(long stepsPerEpoch, long totalSteps) {

    /** Checks that neither count is negative. */
    public Clock {
        if (stepsPerEpoch < 0) {
            throw new ScheduleException("clock: stepsPerEpoch must be >= 0 (0 = unknown), got " + stepsPerEpoch);
        }
        if (totalSteps < 0) {
            throw new ScheduleException("clock: totalSteps must be >= 0 (0 = unknown), got " + totalSteps);
        }
    }

    /** A clock that knows neither epochs nor the run's length: spans must be in steps. */
    public static Clock steps() {
        return new Clock(0, 0);
    }

    /** A clock with a known total and no epochs. */
    public static Clock totalSteps(long totalSteps) {
        return new Clock(0, totalSteps);
    }

    /** A clock with both facts known. */
    public static Clock of(long stepsPerEpoch, long totalSteps) {
        return new Clock(stepsPerEpoch, totalSteps);
    }
}
