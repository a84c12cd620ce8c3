package dev.anneal.runtime.training;

/** A param group resolved against a network: its parameters, base values, schedules and current values. */
final class GroupState {
    static final int LR = 0;
    static final int MOMENTUM = 1;
    static final int WEIGHT_DECAY = 2;

    final String name;
    final int[] params;
    final double[] base;
    final ScheduleSet.Compiled[] schedules = new ScheduleSet.Compiled[3];
    final double[] current = new double[3];

    GroupState(String name, int[] params, double lr, double momentum, double weightDecay) {
        this.name = name;
        this.params = params;
        this.base = new double[] {lr, momentum, weightDecay};
    }

    /** The learning rate at {@code step}, from the schedule (the current values are left as they are). */
    double lrAt(long step) {
        return schedules[LR] == null ? base[LR] : schedules[LR].value(step, base[LR]);
    }

    /** Sets the current values from the schedules at {@code step}. */
    void evaluate(long step) {
        for (int h = 0; h < 3; h++) {
            current[h] = schedules[h] == null ? base[h] : schedules[h].value(step, base[h]);
        }
    }
}
