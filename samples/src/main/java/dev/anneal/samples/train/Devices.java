package dev.anneal.samples.train;

import dev.anneal.gpu.CudaException;
import dev.anneal.gpu.Device;
import dev.anneal.gpu.DeviceSelection;
import dev.anneal.runtime.backend.Backend;
import dev.anneal.runtime.backend.Precision;

/**
 * Where the samples train: the one place that turns {@code --device cpu|cuda|cuda:N|auto} into a
 * {@link Backend}, through the CUDA runtime's device selection ({@code auto} takes the first usable
 * GPU, else the CPU, and says why).
 *
 * <pre>{@code
 * Devices.Choice choice = Devices.select("auto");
 * System.out.println(choice.description());   // device: auto: using the CPU; no usable GPU: ...
 * }</pre>
 */
public final class Devices {

    /**
     * A backend and a line saying what was chosen and why.
     *
     * @param backend     the backend to train on
     * @param description {@code device: ...}
     */
    public record Choice(Backend backend, String description) {
    }

    private Devices() {
    }

    /**
     * The float32 backend for {@code device}, with CUDA graphs on a GPU.
     *
     * @throws IllegalArgumentException when the text is not a device, or the GPU asked for is not usable
     *                                  (saying what is missing)
     */
    public static Choice select(String device) {
        return select(device, true);
    }

    /**
     * As {@link #select(String)}; on a GPU, {@code cudaGraphs} says whether each training step runs as
     * one CUDA graph or launches its kernels one by one ({@code --cuda-graphs off}).
     */
    public static Choice select(String device, boolean cudaGraphs) {
        DeviceSelection selection;
        try {
            selection = Device.parse(device).select();
        } catch (CudaException e) {
            throw new IllegalArgumentException("--device " + device + ": " + e.getMessage(), e);
        }
        return new Choice(selection.backend(Precision.FLOAT32, cudaGraphs), "device: " + selection.reason());
    }
}
