package dev.anneal.torch;

import dev.anneal.ScheduleException;

/** What PyTorch's base scheduler reads from a param group. */
final class Groups {
    private Groups() {
    }

    static void requireInitialLr(TorchScheduler s, int group, Double initialLr) {
        if (s.last_epoch() >= 0 && initialLr == null) {
            throw new TorchSchedulerException("KeyError", "param 'initial_lr' is not specified in param_groups["
                    + group + "] when resuming an optimizer");
        }
    }

    /** The base of schedulers that compute from {@code initial_lr}. */
    static double initialLr(TorchScheduler s, int group, double lr, Double initialLr) {
        requireInitialLr(s, group, initialLr);
        return initialLr == null ? lr : initialLr;
    }

    /** Anneal supports PyTorch's fresh start (-1) and resume (>= 0); other values have no meaning there. */
    static void checkLastEpoch(String scheduler, long lastEpoch) {
        if (lastEpoch < -1 || lastEpoch > Long.MAX_VALUE / 4) {
            throw new ScheduleException(scheduler + ": last_epoch must be -1 (fresh start) or >= 0 (resume), got "
                    + lastEpoch);
        }
    }
}
