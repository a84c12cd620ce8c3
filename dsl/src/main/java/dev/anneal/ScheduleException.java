package dev.anneal;

/**
 * A schedule that cannot be built or compiled: an invalid parameter, a missing fact of the clock,
 * a part without a duration that is followed by another. The message names the node, the value and
 * the rule, e.g. {@code cosine(tMax=-5): tMax must be > 0}.
 *
 * <pre>{@code
 * try { Schedule.parse(text).compile(clock); }
 * catch (ScheduleException e) { System.err.println(e.getMessage()); }
 * }</pre>
 */
public class ScheduleException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    /** An error with the given message. */
    public ScheduleException(String message) {
        super(message);
    }

    /** {@code node: param must be rule, got value}. */
    static ScheduleException invalid(String node, String param, Object value, String rule) {
        return new ScheduleException(node + ": " + param + " must be " + rule + ", got " + value);
    }
}
