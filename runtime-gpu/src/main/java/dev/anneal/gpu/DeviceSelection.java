package dev.anneal.gpu;

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

    static DeviceSelection select(Device requested, CudaEnvironment environment) {
        return switch (requested.kind()) {
            case CPU -> new DeviceSelection(Device.cpu(), "cpu: as asked");
            case CUDA -> {
                try {
                    CudaDevice gpu = CudaDevice.open(requested.index(), environment);
                    yield new DeviceSelection(requested, requested + ": using " + gpu.describe());
                } catch (CudaException e) {
                    throw new CudaException("device " + requested + " is not usable: " + e.getMessage(), e);
                }
            }
            case AUTO -> {
                try {
                    CudaDevice gpu = CudaDevice.open(0, environment);
                    yield new DeviceSelection(Device.cuda(0), "auto: using " + gpu.describe());
                } catch (CudaException e) {
                    yield new DeviceSelection(Device.cpu(), "auto: using the CPU; no usable GPU: " + firstLine(e.getMessage()));
                }
            }
        };
    }

    private static String firstLine(String message) {
        int end = message.indexOf('\n');
        return end < 0 ? message : message.substring(0, end);
    }
}
