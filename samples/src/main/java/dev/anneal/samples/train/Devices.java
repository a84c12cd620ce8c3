package dev.anneal.samples.train;

import dev.anneal.runtime.Backend;
import dev.anneal.runtime.nd4j.CpuBackend;

/**
 * Where the samples train: the one place that turns {@code --device cpu|auto|cuda} into a
 * {@link Backend}. This build has the CPU runtime only: {@code auto} takes the CPU and says why,
 * {@code cuda} is refused.
 *
 * <pre>{@code
 * Devices.Choice choice = Devices.select(Devices.Device.AUTO);
 * System.err.println(choice.description());     // device: cpu (auto: no CUDA runtime in this build)
 * }</pre>
 */
public final class Devices {

    /** The settings of {@code --device}. */
    public enum Device {
        /** The CPU. */
        CPU,
        /** A GPU when one is usable, else the CPU. */
        AUTO,
        /** A GPU, or an error. */
        CUDA
    }

    /**
     * A backend and a line saying what was chosen and why.
     *
     * @param backend     the backend to train on
     * @param description {@code device: ...}
     */
    public record Choice(Backend backend, String description) {
    }

    private static final String NO_CUDA = "no CUDA runtime in this build, anneal-runtime-gpu is not on the class path";

    private Devices() {
    }

    /**
     * The backend for {@code device}.
     *
     * @throws IllegalArgumentException for {@code CUDA}, which this build cannot provide
     */
    public static Choice select(Device device) {
        return switch (device) {
            case CPU -> new Choice(CpuBackend.create(), "device: cpu");
            case AUTO -> new Choice(CpuBackend.create(), "device: cpu (auto: " + NO_CUDA + ")");
            case CUDA -> throw new IllegalArgumentException("--device cuda: " + NO_CUDA + "; use --device cpu or auto");
        };
    }
}
