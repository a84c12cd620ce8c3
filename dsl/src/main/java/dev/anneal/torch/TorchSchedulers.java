package dev.anneal.torch;

import dev.anneal.Schedule;
import java.util.List;
import java.util.Map;

/**
 * Builds PyTorch's schedulers from a class name and keyword arguments, as in a migrated config.
 * <pre>{@code
 * Schedule s = TorchSchedulers.create("StepLR", Map.of("step_size", 3L, "gamma", 0.5));
 * }</pre>
 */
public final class TorchSchedulers {
    private TorchSchedulers() {
    }

    /** The scheduler {@code className} with {@code kwargs}, for one param group. */
    public static Schedule create(String className, Map<String, Object> kwargs) {
        return create(className, kwargs, 1).get(0);
    }

    /** The scheduler {@code className} with {@code kwargs}, one schedule per param group. */
    public static List<Schedule> create(String className, Map<String, Object> kwargs, int groups) {
        throw new UnsupportedOperationException("TorchSchedulers.create: not implemented yet (" + className + ")");
    }
}
