package dev.anneal.gpu;

import dev.anneal.runtime.backend.Backend;
import dev.anneal.runtime.backend.Precision;
import dev.anneal.runtime.nd4j.CpuBackend;

/**
 * The outcome of choosing a device: the device actually used ({@code cpu} or {@code cuda:N}) and
 * one line saying why, for the caller to show once.
 *
 * <pre>{@code
 * DeviceSelection selection = Device.parse("auto").select();
 * System.err.println(selection.reason());
 * if (selection.device().kind() == Device.Kind.CUDA) { ... }
 * }</pre>
 *
 * @param device the device used: never {@code auto}
 * @param reason one line: what was asked for and what was chosen, and for a CPU fallback why
 */
public record DeviceSelection(Device device, String reason) {

    public DeviceSelection {
        if (device == null || device.kind() == Device.Kind.AUTO) {
            throw new IllegalArgumentException("a selection names cpu or cuda:N, got " + device);
        }
    }

    /**
     * The backend for the chosen device: ND4J's CPU backend or a {@link CudaBackend}, of the given precision.
     *
     * <pre>{@code
     * Backend backend = Device.parse("auto").select().backend(Precision.FLOAT32);
     * }</pre>
     */
    public Backend backend(Precision precision) {
        return backend(precision, true);
    }

    /**
     * As {@link #backend(Precision)}; on a GPU, {@code cudaGraphs} says whether each training step runs
     * as one CUDA graph (the default) or launches its kernels one by one (the same numbers, to the bit).
     *
     * <pre>{@code
     * Backend eager = Device.parse("cuda").select().backend(Precision.FLOAT32, false);
     * }</pre>
     */
    public Backend backend(Precision precision, boolean cudaGraphs) {
        return device.kind() == Device.Kind.CPU ? CpuBackend.create(precision)
                : CudaBackend.create(device.index(), precision, cudaGraphs);
    }

    static DeviceSelection select(Device requested, CudaEnvironment environment) {
        return switch (requested.kind()) {
            case CPU -> new DeviceSelection(Device.cpu(), "cpu: as asked");
            case CUDA -> new DeviceSelection(requested, requested + ": using " + open(requested.index(), environment).describe());
            case AUTO -> {
                try {
                    CudaDevice gpu = OpenDevices.open(0, environment);
                    yield new DeviceSelection(Device.cuda(0), "auto: using " + gpu.describe());
                } catch (CudaException e) {
                    yield new DeviceSelection(Device.cpu(), "auto: using the CPU; no usable GPU: " + firstLine(e.getMessage()));
                }
            }
        };
    }

    /** Opens {@code cuda:index}, or throws saying that device is not usable and why. */
    static CudaDevice open(int index, CudaEnvironment environment) {
        try {
            return OpenDevices.open(index, environment);
        } catch (CudaException e) {
            throw new CudaException("device cuda:" + index + " is not usable: " + e.getMessage(), e);
        }
    }

    private static String firstLine(String message) {
        int end = message.indexOf('\n');
        return end < 0 ? message : message.substring(0, end);
    }
}
